namespace SyndicationFunctions.Tests.Ingestion;

/// <summary>Files copied next to the test assembly: the repository's seeds and the golden expectations.</summary>
internal static class TestFiles
{
    public static string SeedPath(string name) => Path.Combine(AppContext.BaseDirectory, "seeds", name);

    public static string Seed(string name) => File.ReadAllText(SeedPath(name));

    public static string Golden(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Ingestion", "Golden", name));
}
