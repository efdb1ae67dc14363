using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using SyndicationFunctions;

var builder = FunctionsApplication.CreateBuilder(args);

// HTTP functions take HttpRequest and return IActionResult (ASP.NET Core integration).
builder.ConfigureFunctionsWebApplication();

// Storage, ingestion and feeds: the same registrations the local host makes.
builder.Services.AddSyndication(builder.Configuration);

builder.Build().Run();
