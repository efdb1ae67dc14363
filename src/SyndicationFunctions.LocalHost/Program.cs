using SyndicationFunctions;
using SyndicationFunctions.LocalHost;

// Kestrel on 127.0.0.1:$SYNDICATION_PORT, serving the Functions app's classes as the Functions host would.
var builder = LocalFunctionsHost.CreateBuilder(args, typeof(SyndicationServices).Assembly);

// The Functions app's own registrations, the same ones its Program.cs makes.
builder.Services.AddSyndication(builder.Configuration);

var app = builder.Build();

// The blob trigger webhook and every function route, nothing else.
app.MapLocalFunctions();

app.Run();
