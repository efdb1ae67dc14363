using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace SyndicationFunctions.Telemetry;

public static class TelemetryServices
{
    /// <summary>Setting that prints the metrics to the console every few seconds (locally; the names are Azure's).</summary>
    public const string ConsoleSetting = "SYNDICATION_METRICS_CONSOLE";

    /// <summary>
    /// The app's meter through OpenTelemetry: to Application Insights when its connection string is set (authenticated
    /// with the app's managed identity, as APPLICATIONINSIGHTS_AUTHENTICATION_STRING names it), to the console when
    /// <see cref="ConsoleSetting"/> is <c>true</c>.
    /// </summary>
    public static IServiceCollection AddMetricsExport(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        var toConsole = string.Equals(configuration[ConsoleSetting], "true", StringComparison.OrdinalIgnoreCase);
        if (string.IsNullOrEmpty(connectionString) && !toConsole)
        {
            return services;
        }

        services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(SyndicationMetrics.MeterName);
            if (!string.IsNullOrEmpty(connectionString))
            {
                metrics.AddAzureMonitorMetricExporter(exporter =>
                {
                    exporter.ConnectionString = connectionString;
                    if (ClientIdOf(configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]) is { } clientId)
                    {
                        exporter.Credential = new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
                    }
                });
            }

            if (toConsole)
            {
                metrics.AddConsoleExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 10_000);
            }
        });
        return services;
    }

    /// <summary>"ClientId=...;Authorization=AAD" → the client id.</summary>
    private static string? ClientIdOf(string? authentication)
        => authentication?.Split(';').Select(part => part.Split('=', 2)).FirstOrDefault(pair => pair is ["ClientId", { Length: > 0 }])?[1];
}
