using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Infra.Tests;

/// <summary>
/// What the Functions code reads from configuration in Azure, found in the code itself (the function
/// attributes and <see cref="StorageNames"/>), so the Bicep is checked against the code and not
/// against a second list.
/// </summary>
public static class AppBindings
{
    /// <summary>The host's own storage connection.</summary>
    public const string HostStorageConnection = "AzureWebJobsStorage";

    /// <summary>
    /// The settings an identity-based storage connection is made of (<c>{connection}__{suffix}</c>),
    /// as the app's storage client factory reads them.
    /// </summary>
    public static IReadOnlyList<string> IdentityConnectionSuffixes => StorageClients.IdentitySettingSuffixes;

    /// <summary>The options section the app binds (<c>Syndication__*</c> settings).</summary>
    public const string OptionsSection = "Syndication";

    private static Assembly FunctionsAssembly => typeof(StorageNames).Assembly;

    /// <summary>Every storage connection: the host's, the app's clients' and every trigger or binding's.</summary>
    public static IReadOnlyList<string> StorageConnections()
    {
        var fromBindings = FunctionParameters()
            .SelectMany(parameter => parameter.GetCustomAttributes())
            .Select(attribute => attribute.GetType().GetProperty("Connection")?.GetValue(attribute) as string)
            .OfType<string>()
            .Where(connection => connection.Length > 0);
        return [.. new[] { HostStorageConnection, StorageNames.Connection }.Concat(fromBindings).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Every function name and container of an Event Grid blob trigger.</summary>
    public static IReadOnlyList<EventGridBlobTrigger> EventGridBlobTriggers()
        => [.. FunctionMethods().SelectMany(method => method.GetParameters()
            .Select(parameter => parameter.GetCustomAttribute<BlobTriggerAttribute>())
            .OfType<BlobTriggerAttribute>()
            .Where(trigger => trigger.Source == BlobTriggerSource.EventGrid)
            .Select(trigger => new EventGridBlobTrigger(
                method.GetCustomAttribute<FunctionAttribute>()!.Name,
                trigger.BlobPath.Split('/')[0])))];

    /// <summary>The app settings timer triggers take their schedules from (<c>%Setting%</c> in the attribute).</summary>
    public static IReadOnlyList<string> TimerScheduleSettings()
        => [.. FunctionParameters()
            .Select(parameter => parameter.GetCustomAttribute<TimerTriggerAttribute>()?.Schedule)
            .OfType<string>()
            .Where(schedule => schedule.Length > 2 && schedule[0] == '%' && schedule[^1] == '%')
            .Select(schedule => schedule[1..^1])];

    /// <summary>The options class bound to <see cref="OptionsSection"/>, once the app has one.</summary>
    public static Type? OptionsType()
        => FunctionsAssembly.GetTypes().SingleOrDefault(type => type.Name == OptionsSection + "Options");

    private static IEnumerable<MethodInfo> FunctionMethods()
        => FunctionsAssembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Where(method => method.GetCustomAttribute<FunctionAttribute>() is not null);

    private static IEnumerable<ParameterInfo> FunctionParameters() => FunctionMethods().SelectMany(method => method.GetParameters());
}

public sealed record EventGridBlobTrigger(string FunctionName, string Container);
