using System.Collections.Concurrent;
using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;

namespace SyndicationFunctions.LocalHost.Tests.Functions;

/// <summary>What the test blob functions saw, and how they should behave on the next call.</summary>
public sealed class InboxRecorder
{
    private int _failuresToGo;
    private int _running;
    private int _mostRunningAtOnce;

    public ConcurrentQueue<(string Name, string Content)> Calls { get; } = new();

    /// <summary>When set, calls wait for it before finishing.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Whether a successful call deletes the blob, as the real inbox function moves it away.</summary>
    public bool RemoveWhenDone { get; set; } = true;

    public int MostRunningAtOnce => Volatile.Read(ref _mostRunningAtOnce);

    public void FailNext(int calls) => Volatile.Write(ref _failuresToGo, calls);

    public async Task RunAsync(BlobClient blob, string name, string content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var running = Interlocked.Increment(ref _running);
        try
        {
            InterlockedMax(ref _mostRunningAtOnce, running);
            Calls.Enqueue((name, content));
            if (Gate is { } gate)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }

            if (Interlocked.Decrement(ref _failuresToGo) >= 0)
            {
                throw new InvalidOperationException("failing on cue");
            }

            if (RemoveWhenDone)
            {
                await blob.DeleteAsync(cancellationToken: cancellationToken);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}

/// <summary>Blob-triggered test functions on the connection <c>TestStorage</c>.</summary>
public sealed class TestBlobFunctions(InboxRecorder recorder)
{
    public const string Connection = "TestStorage";
    public const string InboxContainer = "test-inbox";

    [Function("TakeTestInboxBlob")]
    public async Task TakeTestInboxBlob(
        [BlobTrigger(InboxContainer + "/{name}", Source = BlobTriggerSource.EventGrid, Connection = Connection)] BlobClient blob,
        string name,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var content = (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToString();
        await recorder.RunAsync(blob, name, content, cancellationToken);
    }

    [Function("ReadFiledText")]
    public Task ReadFiledText(
        [BlobTrigger("test-filed/{folder}/{file}.txt", Connection = Connection)] string content,
        string folder,
        string file,
        string blobTrigger)
    {
        recorder.Calls.Enqueue(($"{folder}|{file}|{blobTrigger}", content));
        return Task.CompletedTask;
    }
}

/// <summary>A blob function that reads its trigger as a stream.</summary>
public sealed class StreamBlobFunction(InboxRecorder recorder)
{
    [Function("ReadStreamedBlob")]
    public async Task ReadStreamedBlob([BlobTrigger("test-streamed/{name}", Connection = TestBlobFunctions.Connection)] Stream content, string name)
    {
        using var reader = new StreamReader(content, leaveOpen: true);
        recorder.Calls.Enqueue((name, await reader.ReadToEndAsync()));
    }
}
