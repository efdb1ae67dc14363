using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace SyndicationFunctions.LocalHost.Catalog;

/// <summary>
/// One <c>[Function]</c> method and how to call it: a fresh instance of its class per invocation
/// (from the app's services, as the worker does), its result unwrapped from Task or ValueTask.
/// </summary>
public sealed class FunctionMethod
{
    private readonly ObjectFactory? _createInstance;
    private readonly PropertyInfo? _taskResult;
    private readonly MethodInfo? _valueTaskAsTask;

    public FunctionMethod(string functionName, MethodInfo method)
    {
        ArgumentNullException.ThrowIfNull(method);
        FunctionName = functionName;
        Method = method;
        _createInstance = method.IsStatic ? null : ActivatorUtilities.CreateFactory(method.DeclaringType!, Type.EmptyTypes);

        var returnType = method.ReturnType;
        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            _taskResult = returnType.GetProperty(nameof(Task<object>.Result));
            ResultType = returnType.GetGenericArguments()[0];
        }
        else if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            _valueTaskAsTask = returnType.GetMethod(nameof(ValueTask<object>.AsTask));
            _taskResult = typeof(Task<>).MakeGenericType(returnType.GetGenericArguments()[0]).GetProperty(nameof(Task<object>.Result));
            ResultType = returnType.GetGenericArguments()[0];
        }
        else if (returnType != typeof(void) && returnType != typeof(Task) && returnType != typeof(ValueTask))
        {
            ResultType = returnType;
        }

        // The worker turns only these into an HTTP response; anything else would fail on every call, so say so at start.
        if (ResultType is not null && !typeof(IActionResult).IsAssignableFrom(ResultType) && !typeof(IResult).IsAssignableFrom(ResultType))
        {
            throw new InvalidOperationException(
                $"Function '{functionName}' ({method.DeclaringType?.FullName}.{method.Name}) returns {returnType}; " +
                "the local host supports void, Task, ValueTask, IActionResult, IResult and Task/ValueTask of those.");
        }
    }

    public string FunctionName { get; }

    public MethodInfo Method { get; }

    /// <summary>The type of the value the function produces (IActionResult, IResult...), or null when it produces none.</summary>
    public Type? ResultType { get; }

    /// <summary>Calls the function with a new instance of its class and returns what it produced (null for void and Task).</summary>
    public async Task<object?> InvokeAsync(IServiceProvider services, object?[] arguments)
    {
        var instance = _createInstance?.Invoke(services, null);
        try
        {
            var returned = Method.Invoke(instance, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
            switch (returned)
            {
                case null:
                    return null;
                case Task task:
                    await task.ConfigureAwait(false);
                    return _taskResult?.GetValue(task);
                case ValueTask valueTask:
                    await valueTask.ConfigureAwait(false);
                    return null;
            }

            if (_valueTaskAsTask is not null)
            {
                var task = (Task)_valueTaskAsTask.Invoke(returned, null)!;
                await task.ConfigureAwait(false);
                return _taskResult!.GetValue(task);
            }

            return returned;
        }
        finally
        {
            switch (instance)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    internal InvalidOperationException UnsupportedParameter(ParameterInfo parameter, string why) =>
        new($"Function '{FunctionName}' ({Method.DeclaringType?.FullName}.{Method.Name}) asks for parameter " +
            $"'{parameter.Name}' of type {parameter.ParameterType}, which the local host cannot bind: {why}");
}
