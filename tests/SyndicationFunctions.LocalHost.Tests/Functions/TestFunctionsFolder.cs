namespace SyndicationFunctions.LocalHost.Tests.Functions;

/// <summary>
/// Where the test functions' own host.json is: the host's default route prefix (<c>api</c>), so the dispatcher's
/// prefix rules are tested whatever prefix the app's host.json chooses.
/// </summary>
public static class TestFunctionsFolder
{
    public static string Path { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "Functions", "TestHost");
}
