using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace SyndicationFunctions.Tests.Feeds;

/// <summary>
/// Expected feeds kept beside the tests. Compared after parsing, so only meaning counts, not whitespace.
/// Set SYNDICATION_UPDATE_GOLDEN=1 to rewrite them after an intended change, then review the diff.
/// </summary>
internal static class GoldenFile
{
    public static void AssertXml(string name, byte[] actual, [CallerFilePath] string callerPath = "")
    {
        var actualText = XDocument.Parse(Encoding.UTF8.GetString(actual)).ToString();
        var expectedText = ReadOrUpdate(name, actualText, callerPath);
        Assert.Equal(XDocument.Parse(expectedText).ToString(), actualText);
    }

    public static void AssertJson(string name, byte[] actual, [CallerFilePath] string callerPath = "")
    {
        var actualNode = JsonNode.Parse(actual)!;
        var expectedText = ReadOrUpdate(name, actualNode.ToJsonString(new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), callerPath);
        var expectedNode = JsonNode.Parse(expectedText)!;
        Assert.True(JsonNode.DeepEquals(expectedNode, actualNode), $"JSON differs from {name}:\n{actualNode.ToJsonString()}");
    }

    private static string ReadOrUpdate(string name, string actual, string callerPath)
    {
        var path = Path.Combine(Path.GetDirectoryName(callerPath)!, "Golden", name);
        if (Environment.GetEnvironmentVariable("SYNDICATION_UPDATE_GOLDEN") == "1")
            File.WriteAllText(path, actual + "\n");
        return File.ReadAllText(path);
    }
}
