using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Azure.Functions.Worker;

namespace SyndicationFunctions.LocalHost.Catalog;

/// <summary>An HTTP-triggered function as its <c>[HttpTrigger]</c> attribute declares it.</summary>
public sealed class HttpFunction
{
    private readonly Func<HttpContext, object?>[] _arguments;

    internal HttpFunction(FunctionMethod method, HttpTriggerAttribute trigger)
    {
        Function = method;
        // As on the real host, a trigger without a route is reached at the function's name.
        Route = (trigger.Route ?? method.FunctionName).Trim('/');
        RoutePattern = RoutePatternFactory.Parse(Route);
        // No methods listed means every method.
        Methods = trigger.Methods is { Length: > 0 } methods
            ? methods.Select(m => m.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal)
            : null;
        AuthorizationLevel = trigger.AuthLevel;
        _arguments = method.Method.GetParameters().Select(BindParameter).ToArray();
    }

    public string Name => Function.FunctionName;

    public FunctionMethod Function { get; }

    /// <summary>The route below the host's route prefix, as written in the attribute (or the function name).</summary>
    public string Route { get; }

    public RoutePattern RoutePattern { get; }

    /// <summary>Upper-case HTTP methods the function lists, or null when it accepts any.</summary>
    public IReadOnlySet<string>? Methods { get; }

    public AuthorizationLevel AuthorizationLevel { get; }

    /// <summary>Anything above anonymous needs a key on the real host.</summary>
    public bool RequiresKey => AuthorizationLevel != AuthorizationLevel.Anonymous;

    public bool Accepts(string method) => Methods is null || Methods.Contains(method.ToUpperInvariant());

    /// <summary>The arguments for one call, taken from the request and the route values it matched.</summary>
    public object?[] BindArguments(HttpContext context) => _arguments.Select(bind => bind(context)).ToArray();

    private Func<HttpContext, object?> BindParameter(ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (type == typeof(HttpRequest))
        {
            return context => context.Request;
        }

        if (type == typeof(CancellationToken))
        {
            return context => context.RequestAborted;
        }

        if (RoutePattern.GetParameter(parameter.Name!) is not { } routeParameter)
        {
            throw Function.UnsupportedParameter(parameter,
                $"supported are HttpRequest, CancellationToken and route parameters; route '{Route}' has no '{{{parameter.Name}}}'.");
        }

        if (!RouteValueConversion.Supports(type))
        {
            throw Function.UnsupportedParameter(parameter, "route values bind to string or to simple types such as int, long, Guid and bool.");
        }

        var name = routeParameter.Name;
        return context => RouteValueConversion.Convert(context.Request.RouteValues[name], type);
    }
}

/// <summary>Turns a matched route value into the parameter type the function declares.</summary>
internal static class RouteValueConversion
{
    private static readonly HashSet<Type> SimpleTypes =
    [
        typeof(string), typeof(int), typeof(long), typeof(short), typeof(Guid), typeof(bool),
        typeof(double), typeof(decimal), typeof(DateTime), typeof(DateTimeOffset),
    ];

    public static bool Supports(Type type) => SimpleTypes.Contains(Nullable.GetUnderlyingType(type) ?? type);

    public static object? Convert(object? value, Type type)
    {
        var text = value as string ?? System.Convert.ToString(value, CultureInfo.InvariantCulture);
        if (type == typeof(string))
        {
            return text;
        }

        if (string.IsNullOrEmpty(text))
        {
            // An optional parameter that was left out.
            return type.IsValueType && Nullable.GetUnderlyingType(type) is null ? Activator.CreateInstance(type) : null;
        }

        // A value that does not parse fails the call, which the host answers with a 500, as the worker does.
        return TypeDescriptor.GetConverter(Nullable.GetUnderlyingType(type) ?? type).ConvertFromInvariantString(text);
    }
}
