using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SyndicationFunctions.Http;

namespace SyndicationFunctions.Health;

public sealed class HealthFunction
{
    [Function(nameof(GetHealth))]
    public IActionResult GetHealth([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Health)] HttpRequest request)
        => new OkResult();
}
