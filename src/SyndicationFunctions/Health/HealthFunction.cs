using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SyndicationFunctions.Http;

namespace SyndicationFunctions.Health;

public sealed class HealthFunction
{
    [Function(nameof(HealthFunction))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Health)] HttpRequest request)
        => new OkResult();
}
