using Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Push;

public static partial class PushServices
{
    /// <summary>
    /// The WebSub hub, partner webhooks and their queues. Wraps the article store registered before it, so every write
    /// that changes something public sends its one push message (see <see cref="PublishingArticleStore"/>).
    /// </summary>
    public static IServiceCollection AddPush(this IServiceCollection services)
    {
        services.AddOptions<PushOptions>()
            .BindConfiguration(SyndicationOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton<PushQueues>();
        services.AddSingleton<PushStorage>();
        services.AddSingleton<CallbackHttp>();
        services.AddSingleton<HubLinks>();
        services.AddSingleton<RequestRateLimiter>();
        services.AddSingleton<SubscriptionStore>();
        services.AddSingleton<ChangePublisher>();
        services.AddSingleton<WebSubHub>();
        services.AddSingleton<IntentVerifier>();
        services.AddSingleton<ContentDistributor>();
        services.AddSingleton<FanOut>();
        services.AddSingleton<ExternalHubPinger>();
        services.AddSingleton<WebhookEndpoints>();
        services.AddSingleton<WebhookPumper>();
        services.AddHostedService<PushInitializer>();

        var stored = services.LastOrDefault(descriptor => descriptor.ServiceType == typeof(IArticleStore))
            ?? throw new InvalidOperationException("AddPush wraps the article store: call AddArticleStorage first.");
        services.Remove(stored);
        services.AddSingleton<IArticleStore>(provider => new PublishingArticleStore(
            Create(provider, stored), provider.GetRequiredService<ChangePublisher>(), provider.GetRequiredService<TimeProvider>()));
        return services;
    }

    private static IArticleStore Create(IServiceProvider provider, ServiceDescriptor descriptor)
        => (IArticleStore)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!));

    /// <summary>Creates the push tables and queues when missing (in Azure the Bicep creates them); a failure is logged, not fatal.</summary>
    private sealed partial class PushInitializer(PushStorage storage, ILogger<PushInitializer> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            try
            {
                await storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RequestFailedException or AggregateException or HttpRequestException)
            {
                LogCreateFailed(logger, ex);
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Warning, Message = "Could not create the push tables and queues at start")]
        private static partial void LogCreateFailed(ILogger logger, Exception exception);
    }
}
