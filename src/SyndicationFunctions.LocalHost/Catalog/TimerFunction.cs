using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace SyndicationFunctions.LocalHost.Catalog;

/// <summary>A timer-triggered function as its <c>[TimerTrigger]</c> attribute declares it.</summary>
public sealed class TimerFunction
{
    private readonly ParameterInfo[] _parameters;

    internal TimerFunction(FunctionMethod method, TimerTriggerAttribute trigger)
    {
        Function = method;
        Schedule = trigger.Schedule;
        RunOnStartup = trigger.RunOnStartup;
        _parameters = method.Method.GetParameters();
        foreach (var parameter in _parameters)
        {
            if (parameter.ParameterType != typeof(TimerInfo) && parameter.ParameterType != typeof(CancellationToken))
            {
                throw new InvalidOperationException(
                    $"Function '{method.FunctionName}' takes a {parameter.ParameterType}; the local host binds only TimerInfo and CancellationToken to timer functions.");
            }
        }
    }

    public string Name => Function.FunctionName;

    public FunctionMethod Function { get; }

    /// <summary>The schedule as declared: an NCRONTAB expression, or <c>%Setting%</c> naming the setting that holds one.</summary>
    public string Schedule { get; }

    public bool RunOnStartup { get; }

    public object?[] BindArguments(TimerInfo timer, CancellationToken cancellationToken)
        => _parameters.Select(p => p.ParameterType == typeof(TimerInfo) ? (object?)timer : cancellationToken).ToArray();
}
