using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace SyndicationFunctions.LocalHost.Catalog;

/// <summary>
/// The functions an assembly declares, read from the same attributes the Functions SDK reads,
/// so routes, methods, auth levels and blob paths are written once, on the function.
/// </summary>
public sealed class FunctionCatalog
{
    private FunctionCatalog(
        IReadOnlyList<HttpFunction> httpFunctions, IReadOnlyList<BlobFunction> blobFunctions, IReadOnlyList<TimerFunction> timerFunctions, IReadOnlyList<QueueFunction> queueFunctions)
    {
        HttpFunctions = httpFunctions;
        BlobFunctions = blobFunctions;
        TimerFunctions = timerFunctions;
        QueueFunctions = queueFunctions;
    }

    /// <summary>HTTP functions in the order the host tries them: by function name, ordinal.</summary>
    public IReadOnlyList<HttpFunction> HttpFunctions { get; }

    public IReadOnlyList<BlobFunction> BlobFunctions { get; }

    public IReadOnlyList<TimerFunction> TimerFunctions { get; }

    public IReadOnlyList<QueueFunction> QueueFunctions { get; }

    public static FunctionCatalog FromAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return FromTypes(assembly.GetTypes());
    }

    /// <summary>
    /// Reads the given classes. Throws when a function asks for something the local host cannot give it,
    /// so the mistake shows at start rather than on the first request.
    /// </summary>
    public static FunctionCatalog FromTypes(IEnumerable<Type> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        var httpFunctions = new List<HttpFunction>();
        var blobFunctions = new List<BlobFunction>();
        var timerFunctions = new List<TimerFunction>();
        var queueFunctions = new List<QueueFunction>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        var methods = types
            .Where(type => type.IsClass)
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly));
        foreach (var method in methods)
        {
            if (method.GetCustomAttribute<FunctionAttribute>() is not { } function)
            {
                continue;
            }

            if (!names.Add(function.Name))
            {
                throw new InvalidOperationException($"Two functions are named '{function.Name}'; function names must be unique.");
            }

            var functionMethod = new FunctionMethod(function.Name, method);
            var triggers = method.GetParameters()
                .Select(parameter => (
                    parameter,
                    http: parameter.GetCustomAttribute<HttpTriggerAttribute>(),
                    blob: parameter.GetCustomAttribute<BlobTriggerAttribute>(),
                    timer: parameter.GetCustomAttribute<TimerTriggerAttribute>(),
                    queue: parameter.GetCustomAttribute<QueueTriggerAttribute>()))
                .Where(candidate => candidate.http is not null || candidate.blob is not null || candidate.timer is not null || candidate.queue is not null)
                .ToList();

            switch (triggers)
            {
                case [{ http: { } http }]:
                    httpFunctions.Add(new HttpFunction(functionMethod, http));
                    break;
                case [{ blob: { } blob, parameter: var triggerParameter }]:
                    blobFunctions.Add(new BlobFunction(functionMethod, triggerParameter, blob));
                    break;
                case [{ timer: { } timer }]:
                    timerFunctions.Add(new TimerFunction(functionMethod, timer));
                    break;
                case [{ queue: { } queue, parameter: var queueParameter }]:
                    queueFunctions.Add(new QueueFunction(functionMethod, queueParameter, queue));
                    break;
                case []:
                    throw new InvalidOperationException(
                        $"Function '{function.Name}' ({method.DeclaringType?.FullName}.{method.Name}) has no HTTP, blob, timer or queue trigger; the local host serves only those.");
                default:
                    throw new InvalidOperationException($"Function '{function.Name}' has more than one trigger.");
            }
        }

        // The real host tries routes in order of function name, case ignored (its FunctionMetadataManager sorts
        // with OrdinalIgnoreCase); the first match wins.
        httpFunctions.Sort((left, right) => StringComparer.OrdinalIgnoreCase.Compare(left.Name, right.Name));
        blobFunctions.Sort((left, right) => StringComparer.OrdinalIgnoreCase.Compare(left.Name, right.Name));
        queueFunctions.Sort((left, right) => StringComparer.OrdinalIgnoreCase.Compare(left.Name, right.Name));
        return new FunctionCatalog(httpFunctions, blobFunctions, timerFunctions, queueFunctions);
    }
}
