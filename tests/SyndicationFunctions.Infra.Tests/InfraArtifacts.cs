using System.Text.Json.Nodes;

namespace SyndicationFunctions.Infra.Tests;

/// <summary>
/// What infra/check.sh leaves in artifacts/infra: the compiled ARM template (main.json) and the
/// deployment snapshot the Bicep CLI predicts from it for infra/baseline.bicepparam
/// (main.snapshot.json, every resource with its names and literal values resolved), or for
/// infra/without-cdn.bicepparam (main.without-cdn.snapshot.json, the same without Front Door).
/// </summary>
public sealed class InfraArtifacts
{
    /// <summary>Overrides where the artifacts are read from (the same variable infra/check.sh honours).</summary>
    public const string ArtifactsVariable = "SYNDICATION_INFRA_ARTIFACTS";

    private static readonly Lazy<InfraArtifacts> Loaded = new(() => Load("main.snapshot.json"));

    private static readonly Lazy<InfraArtifacts> LoadedWithoutFrontDoor = new(() => Load("main.without-cdn.snapshot.json"));

    private InfraArtifacts(string repositoryRoot, JsonObject template, JsonObject snapshot)
    {
        RepositoryRoot = repositoryRoot;
        Template = template;
        Snapshot = snapshot;
    }

    /// <summary>The baseline: every optional part on, the Front Door CDN included.</summary>
    public static InfraArtifacts Current => Loaded.Value;

    /// <summary>The baseline with <c>enableFrontDoor</c> left at its default (off).</summary>
    public static InfraArtifacts WithoutFrontDoor => LoadedWithoutFrontDoor.Value;

    public string RepositoryRoot { get; }

    /// <summary>The compiled ARM template, with the modules as nested deployments.</summary>
    public JsonObject Template { get; }

    /// <summary>The predicted deployment: <c>predictedResources</c> and <c>outputs</c>.</summary>
    public JsonObject Snapshot { get; }

    public IEnumerable<JsonObject> Resources
        => Snapshot["predictedResources"]!.AsArray().Select(resource => resource!.AsObject());

    public IEnumerable<JsonObject> ResourcesOfType(string type)
        => Resources.Where(resource => string.Equals((string?)resource["type"], type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The one resource of a type; the baseline deploys one of each.</summary>
    public JsonObject OnlyResource(string type)
    {
        var matches = ResourcesOfType(type).ToList();
        Assert.True(matches.Count == 1, $"expected exactly one {type}, found {matches.Count}");
        return matches[0];
    }

    public string PathInRepository(params string[] parts) => Path.Combine([RepositoryRoot, .. parts]);

    /// <summary>Every resource of every template in main.json, nested module templates included.</summary>
    public IEnumerable<JsonObject> TemplateResources() => TemplateResources(Template);

    public static IEnumerable<JsonObject> TemplateResources(JsonObject template)
    {
        // Templates in language version 2.0 keep resources in an object keyed by symbolic name.
        var resources = template["resources"] switch
        {
            JsonArray array => array.Select(node => node!.AsObject()),
            JsonObject byName => byName.Select(pair => pair.Value!.AsObject()),
            _ => [],
        };
        foreach (var resource in resources)
        {
            yield return resource;
            if (resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in TemplateResources(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>The nested template of the module deployment with this name (the module's <c>name:</c> in main.bicep).</summary>
    public JsonObject Module(string deploymentName)
    {
        var deployment = TemplateResources().Single(resource =>
            (string?)resource["type"] == "Microsoft.Resources/deployments" && (string?)resource["name"] == deploymentName);
        return deployment;
    }

    private static InfraArtifacts Load(string snapshotName)
    {
        var root = FindRepositoryRoot();
        var directory = Environment.GetEnvironmentVariable(ArtifactsVariable) is { Length: > 0 } configured
            ? configured
            : Path.Combine(root, "artifacts", "infra");
        var templatePath = Path.Combine(directory, "main.json");
        var snapshotPath = Path.Combine(directory, snapshotName);
        if (!File.Exists(templatePath) || !File.Exists(snapshotPath))
        {
            throw new InvalidOperationException($"No compiled Bicep in {directory}: run infra/check.sh first.");
        }

        // A test of yesterday's template would pass while today's Bicep is broken.
        var compiledAt = File.GetLastWriteTimeUtc(templatePath);
        var newerSource = Directory.EnumerateFiles(Path.Combine(root, "infra"), "*.*", SearchOption.AllDirectories)
            .Where(path => path.EndsWith(".bicep", StringComparison.Ordinal)
                || path.EndsWith(".bicepparam", StringComparison.Ordinal)
                || path.EndsWith("bicepconfig.json", StringComparison.Ordinal))
            .FirstOrDefault(path => File.GetLastWriteTimeUtc(path) > compiledAt);
        if (newerSource is not null)
        {
            throw new InvalidOperationException($"{newerSource} changed after {templatePath} was built: run infra/check.sh again.");
        }

        return new InfraArtifacts(
            root,
            JsonNode.Parse(File.ReadAllText(templatePath))!.AsObject(),
            JsonNode.Parse(File.ReadAllText(snapshotPath))!.AsObject());
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SyndicationFunctions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No SyndicationFunctions.sln above {AppContext.BaseDirectory}.");
    }
}
