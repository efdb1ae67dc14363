using SyndicationFunctions.LoadTest;
using SyndicationFunctions.Testing;

// "--operations N": export, import and layout migration of N articles (docs/PERFORMANCE.md), a table of its own.
if (args is ["--operations", var countText] && int.TryParse(countText, System.Globalization.CultureInfo.InvariantCulture, out var operationsCount) && operationsCount > 0)
{
    var table = await OperationsBenchmark.RunAsync(operationsCount, Console.Error);
    Console.WriteLine($"Run {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, --operations {operationsCount}");
    Console.WriteLine();
    Console.Write(table);
    return 0;
}

// Starts its own Azurite and the local host, measures (docs/PERFORMANCE.md), prints a markdown table, stops both.
// "push [N]": one change fanned out to N local WebSub subscribers (default 1,000).
if (args is ["push", .. var pushArgs])
{
    return await PushFanOutRun.RunAsync(pushArgs is [var n] ? int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : 1_000, Console.Out, Console.Error);
}

// "write ...": writes from several local hosts behind a storage latency; "bulk ...": bulk import against raw upserts (docs/PERFORMANCE.md).
if (args is ["write", .. var writeArgs])
{
    return await WriteBenchmark.RunAsync(writeArgs, Console.Out, Console.Error);
}

if (args is ["bulk", .. var bulkArgs])
{
    return await BulkBenchmark.RunAsync(bulkArgs, Console.Out, Console.Error);
}

LoadTestOptions options;
try
{
    options = LoadTestOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

await using var azurite = await AzuriteProcess.StartAsync();
await using var app = await MeasuredApp.StartAsync(azurite.ConnectionString);
Console.Error.WriteLine($"Azurite on 127.0.0.1:{azurite.BlobPort}-{azurite.TablePort}, app on {app.Host.BaseAddress}");

var started = DateTimeOffset.UtcNow;
using var run = new LoadTestRun(options, azurite, app, Console.Error);
var results = await run.RunAsync();

Console.WriteLine($"Run {started:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {options}");
Console.WriteLine();
Console.Write(results);
return 0;
