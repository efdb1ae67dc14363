using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;
using SyndicationFunctions.LocalHost.Catalog;

namespace SyndicationFunctions.LocalHost.Http;

/// <summary>An HTTP function's route under the host's prefix, with its inline constraints (<c>{id:int}</c>) resolved.</summary>
internal sealed class HttpFunctionRoute
{
    private readonly TemplateMatcher _matcher;
    private readonly IReadOnlyList<(RoutePatternParameterPart Parameter, IRouteConstraint Constraint)> _constraints;

    public HttpFunctionRoute(HttpFunction function, string routePrefix, IInlineConstraintResolver constraintResolver)
    {
        Function = function;
        var template = string.IsNullOrEmpty(routePrefix) ? function.Route : $"{routePrefix}/{function.Route}";
        var pattern = RoutePatternFactory.Parse(template);
        _matcher = new TemplateMatcher(new RouteTemplate(pattern), new RouteValueDictionary(pattern.Defaults));
        _constraints = pattern.Parameters
            .SelectMany(parameter => parameter.ParameterPolicies.Select(policy => (parameter, constraint: Resolve(policy, constraintResolver))))
            .Where(pair => pair.constraint is not null)
            .Select(pair => (pair.parameter, pair.constraint!))
            .ToList();
    }

    public HttpFunction Function { get; }

    /// <summary>The route values when path and method both fit, else null.</summary>
    public RouteValueDictionary? Match(HttpContext context)
    {
        if (!Function.Accepts(context.Request.Method))
        {
            return null;
        }

        var values = new RouteValueDictionary();
        if (!_matcher.TryMatch(context.Request.Path, values))
        {
            return null;
        }

        foreach (var (parameter, constraint) in _constraints)
        {
            var absentOptional = parameter.IsOptional && !values.ContainsKey(parameter.Name);
            if (!absentOptional && !constraint.Match(context, null, parameter.Name, values, RouteDirection.IncomingRequest))
            {
                return null;
            }
        }

        return values;
    }

    private static IRouteConstraint? Resolve(RoutePatternParameterPolicyReference policy, IInlineConstraintResolver resolver) =>
        policy.ParameterPolicy as IRouteConstraint
        ?? (policy.Content is null ? null : resolver.ResolveConstraint(policy.Content));
}
