using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);

// HTTP functions take HttpRequest and return IActionResult (ASP.NET Core integration).
builder.ConfigureFunctionsWebApplication();

builder.Build().Run();
