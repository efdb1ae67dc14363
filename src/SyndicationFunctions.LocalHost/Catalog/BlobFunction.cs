using System.Reflection;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Azure.Functions.Worker;

namespace SyndicationFunctions.LocalHost.Catalog;

/// <summary>One blob that triggers a function: its client, full path and the values of the path's tokens.</summary>
public sealed record BlobTriggerInput(BlobClient Blob, IReadOnlyDictionary<string, string> Tokens)
{
    /// <summary>"container/name", what the worker offers as the <c>blobTrigger</c> binding value.</summary>
    public string BlobPath => $"{Blob.BlobContainerName}/{Blob.Name}";
}

/// <summary>A blob-triggered function as its <c>[BlobTrigger]</c> attribute declares it.</summary>
public sealed class BlobFunction
{
    /// <summary>The connection the Functions host uses when a trigger names none.</summary>
    public const string DefaultConnection = "AzureWebJobsStorage";

    private readonly Func<BlobTriggerInput, CancellationToken, Task<object?>>[] _arguments;

    internal BlobFunction(FunctionMethod method, ParameterInfo triggerParameter, BlobTriggerAttribute trigger)
    {
        Function = method;
        Path = BlobPathPattern.Parse(trigger.BlobPath);
        Connection = string.IsNullOrWhiteSpace(trigger.Connection) ? DefaultConnection : trigger.Connection;
        Source = trigger.Source;
        _arguments = method.Method.GetParameters()
            .Select(parameter => parameter == triggerParameter ? BindTrigger(parameter) : BindOther(parameter))
            .ToArray();
    }

    public string Name => Function.FunctionName;

    public FunctionMethod Function { get; }

    public BlobPathPattern Path { get; }

    /// <summary>The configuration name of the storage connection (a connection string locally).</summary>
    public string Connection { get; }

    public BlobTriggerSource Source { get; }

    public async Task<object?[]> BindArgumentsAsync(BlobTriggerInput input, CancellationToken cancellationToken)
    {
        var arguments = new object?[_arguments.Length];
        for (var i = 0; i < _arguments.Length; i++)
        {
            arguments[i] = await _arguments[i](input, cancellationToken).ConfigureAwait(false);
        }

        return arguments;
    }

    private Func<BlobTriggerInput, CancellationToken, Task<object?>> BindTrigger(ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (type == typeof(BlobClient))
        {
            return (input, _) => Task.FromResult<object?>(input.Blob);
        }

        if (type == typeof(BlobBaseClient))
        {
            return (input, _) => Task.FromResult<object?>(input.Blob);
        }

        if (type == typeof(Stream))
        {
            return async (input, cancellationToken) => await input.Blob.OpenReadAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        if (type == typeof(BinaryData))
        {
            return async (input, cancellationToken) => (await input.Blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content;
        }

        if (type == typeof(byte[]))
        {
            return async (input, cancellationToken) => (await input.Blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content.ToArray();
        }

        if (type == typeof(string))
        {
            return async (input, cancellationToken) => (await input.Blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content.ToString();
        }

        throw Function.UnsupportedParameter(parameter, "a blob trigger binds to BlobClient, BlobBaseClient, Stream, BinaryData, byte[] or string.");
    }

    private Func<BlobTriggerInput, CancellationToken, Task<object?>> BindOther(ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (type == typeof(CancellationToken))
        {
            return (_, cancellationToken) => Task.FromResult<object?>(cancellationToken);
        }

        if (type == typeof(string) && string.Equals(parameter.Name, "blobTrigger", StringComparison.OrdinalIgnoreCase))
        {
            return (input, _) => Task.FromResult<object?>(input.BlobPath);
        }

        if (type == typeof(string) && Path.Tokens.FirstOrDefault(token => string.Equals(token, parameter.Name, StringComparison.OrdinalIgnoreCase)) is { } token)
        {
            return (input, _) => Task.FromResult<object?>(input.Tokens[token]);
        }

        throw Function.UnsupportedParameter(parameter,
            $"besides the trigger, a blob function takes CancellationToken, 'blobTrigger' or a string named after a token of '{Path.Path}'.");
    }
}
