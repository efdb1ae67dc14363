using SyndicationFunctions.LocalHost;

// "drop FILE...": upload files into the blob inbox, as a publisher would, and exit.
if (args is [InboxDrop.Verb, .. var files])
{
    var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
    return await InboxDrop.RunAsync(files, configuration, Console.Out, CancellationToken.None);
}

// "export FILE" / "import FILE": the whole store to or from a gzip NDJSON archive (docs/OPERATIONS.md), and exit.
if (args is [ArchiveCommands.ExportVerb or ArchiveCommands.ImportVerb, .. var paths])
{
    var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
    return await ArchiveCommands.RunAsync(args[0], paths, configuration, Console.Out, CancellationToken.None);
}

// Kestrel on 127.0.0.1:$SYNDICATION_PORT with the Functions app's own services (see SyndicationLocalHost).
var builder = SyndicationLocalHost.CreateBuilder(args);

var app = builder.Build();

// The blob trigger webhook and every function route, answered as the Functions host would; nothing else.
app.MapLocalFunctions();

// The inbox scanners run as hosted services until Ctrl-C or SIGTERM.
await app.RunAsync();
return 0;
