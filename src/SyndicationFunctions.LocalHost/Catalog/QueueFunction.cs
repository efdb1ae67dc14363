using System.Reflection;
using System.Text;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;

namespace SyndicationFunctions.LocalHost.Catalog;

/// <summary>One queue message handed to a function: the message as received, and its body decoded as host.json says.</summary>
public sealed record QueueTriggerInput(QueueMessage Message, BinaryData Body);

/// <summary>A queue-triggered function as its <c>[QueueTrigger]</c> attribute declares it.</summary>
public sealed class QueueFunction
{
    private readonly Func<QueueTriggerInput, CancellationToken, object?>[] _arguments;

    internal QueueFunction(FunctionMethod method, ParameterInfo triggerParameter, QueueTriggerAttribute trigger)
    {
        Function = method;
        QueueName = trigger.QueueName;
        Connection = string.IsNullOrWhiteSpace(trigger.Connection) ? BlobFunction.DefaultConnection : trigger.Connection;
        _arguments = method.Method.GetParameters()
            .Select(parameter => parameter == triggerParameter ? BindTrigger(parameter) : BindOther(parameter))
            .ToArray();
    }

    public string Name => Function.FunctionName;

    public FunctionMethod Function { get; }

    public string QueueName { get; }

    /// <summary>The configuration name of the storage connection (a connection string locally).</summary>
    public string Connection { get; }

    /// <summary>The queue a message goes to after failing <c>maxDequeueCount</c> times, as the host names it.</summary>
    public string PoisonQueueName => QueueName + "-poison";

    public object?[] BindArguments(QueueTriggerInput input, CancellationToken cancellationToken)
        => [.. _arguments.Select(bind => bind(input, cancellationToken))];

    private Func<QueueTriggerInput, CancellationToken, object?> BindTrigger(ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (type == typeof(string))
        {
            return (input, _) => Encoding.UTF8.GetString(input.Body.ToMemory().Span);
        }

        if (type == typeof(BinaryData))
        {
            return (input, _) => input.Body;
        }

        if (type == typeof(byte[]))
        {
            return (input, _) => input.Body.ToArray();
        }

        if (type == typeof(QueueMessage))
        {
            return (input, _) => input.Message;
        }

        throw Function.UnsupportedParameter(parameter, "a queue trigger binds to string, BinaryData, byte[] or QueueMessage.");
    }

    private Func<QueueTriggerInput, CancellationToken, object?> BindOther(ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (type == typeof(CancellationToken))
        {
            return (_, cancellationToken) => cancellationToken;
        }

        // The trigger's metadata, bound by name as the worker does.
        if (string.Equals(parameter.Name, "dequeueCount", StringComparison.OrdinalIgnoreCase) && (type == typeof(long) || type == typeof(int)))
        {
            return (input, _) => type == typeof(long) ? input.Message.DequeueCount : (object)(int)input.Message.DequeueCount;
        }

        if (string.Equals(parameter.Name, "id", StringComparison.OrdinalIgnoreCase) && type == typeof(string))
        {
            return (input, _) => input.Message.MessageId;
        }

        throw Function.UnsupportedParameter(parameter, "besides the trigger, a queue function takes CancellationToken, 'dequeueCount' or 'id'.");
    }
}
