namespace SyndicationFunctions.IntegrationTests.Infrastructure;

internal static class RepositoryRoot
{
    /// <summary>The folder holding SyndicationFunctions.sln, found from the test's output folder.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "SyndicationFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (SyndicationFunctions.sln) above " + AppContext.BaseDirectory);
    }
}
