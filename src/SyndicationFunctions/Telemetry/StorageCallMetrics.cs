using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;

namespace SyndicationFunctions.Telemetry;

/// <summary>Counts every request a storage client sends (each retry too), and the answers that say the account throttles.</summary>
public sealed class StorageCallMetrics(string service) : HttpPipelineSynchronousPolicy
{
    public override void OnReceivedResponse(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var status = message.Response.Status;
        SyndicationMetrics.StorageCalls.Add(1, SyndicationMetrics.Tag("service", service), SyndicationMetrics.Tag("status", status.ToString(CultureInfo.InvariantCulture)));
        if (status is 429 or 503)
        {
            SyndicationMetrics.StorageThrottled.Add(1, SyndicationMetrics.Tag("service", service));
        }
    }
}
