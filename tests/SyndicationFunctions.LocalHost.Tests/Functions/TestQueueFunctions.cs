using System.Collections.Concurrent;
using Microsoft.Azure.Functions.Worker;

namespace SyndicationFunctions.LocalHost.Tests.Functions;

/// <summary>What the test queue function saw, and which messages it should fail.</summary>
public sealed class QueueRecorder
{
    public ConcurrentQueue<(string Message, long DequeueCount)> Calls { get; } = new();
}

/// <summary>A queue-triggered test function on the connection <c>TestStorage</c>: fails every message that starts with "fail".</summary>
public sealed class TestQueueFunctions(QueueRecorder recorder)
{
    public const string Queue = "test-work";

    [Function("TakeTestWork")]
    public Task TakeTestWork([QueueTrigger(Queue, Connection = TestBlobFunctions.Connection)] string message, long dequeueCount)
    {
        recorder.Calls.Enqueue((message, dequeueCount));
        return message.StartsWith("fail", StringComparison.Ordinal) ? throw new InvalidOperationException("failing on cue") : Task.CompletedTask;
    }
}
