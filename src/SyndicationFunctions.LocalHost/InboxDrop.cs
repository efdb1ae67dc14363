using Azure.Storage.Blobs.Models;
using SyndicationFunctions.Ingestion;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.LocalHost;

/// <summary>
/// <c>SyndicationFunctions.LocalHost drop FILE...</c>: puts files into the blob inbox of the configured
/// storage (the <c>ArticleStorage</c> connection string), as a publisher's upload would. The running
/// host's inbox scanner then ingests them. run.sh uses it for seeds/.
/// </summary>
public static class InboxDrop
{
    public const string Verb = "drop";

    public static async Task<int> RunAsync(IReadOnlyList<string> files, IConfiguration configuration, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(output);
        if (files.Count == 0)
        {
            await output.WriteLineAsync("usage: SyndicationFunctions.LocalHost drop FILE...").ConfigureAwait(false);
            return 2;
        }

        var clients = new StorageClients(configuration);
        var inbox = clients.Blobs.GetBlobContainerClient(StorageNames.InboxContainer);
        await inbox.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            await using var content = File.OpenRead(file);
            await inbox.GetBlobClient(name).UploadAsync(
                content,
                new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = ContentTypeOf(name) } },
                cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"    {StorageNames.InboxContainer}/{name}").ConfigureAwait(false);
        }

        return 0;
    }

    private static string ContentTypeOf(string name) => FormatDetection.FromFileName(name) switch
    {
        ArticleFormat.Json => "application/json",
        ArticleFormat.Markdown => "text/markdown; charset=utf-8",
        ArticleFormat.Html => "text/html; charset=utf-8",
        ArticleFormat.SeedText => "text/plain; charset=utf-8",
        _ => FormatDetection.IsNdjsonFile(name) ? "application/x-ndjson" : "application/octet-stream",
    };
}
