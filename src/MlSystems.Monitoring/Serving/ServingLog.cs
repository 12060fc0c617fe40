using System.Runtime.InteropServices;

namespace MlSystems.Monitoring;

/// <summary>
/// The monitor's record of served traffic: per version, the latest rows and losses; across versions, the predictions
/// still waiting for a label. Bounded everywhere; what is evicted is counted.
/// </summary>
internal sealed class ServingLog(int width, int rowCapacity, int lossCapacity, int pendingCapacity)
{
    private readonly Lock gate = new();
    private readonly Dictionary<int, VersionWindow> windows = [];
    private readonly Dictionary<string, PendingPrediction> pending = new(StringComparer.Ordinal);
    private readonly Queue<(string RequestId, long Sequence)> pendingOrder = new();
    private long sequence;
    private long failures;

    public long Predictions { get; private set; }

    public long Failures => Interlocked.Read(ref failures);

    public long Labels { get; private set; }

    public long UnmatchedLabels { get; private set; }

    public long ExpiredPredictions { get; private set; }

    /// <summary>Predictions waiting for their labels.</summary>
    public int PendingLabels
    {
        get
        {
            lock (gate)
            {
                return pending.Count;
            }
        }
    }

    public void AddPrediction(string requestId, in ModelRoute route, ReadOnlySpan<double> features, double prediction, TimeSpan latency, bool awaitLabel)
    {
        lock (gate)
        {
            Window(route.Version).AddRow(features, prediction);
            Predictions++;
            if (!awaitLabel)
            {
                return;
            }

            long id = ++sequence;
            ref PendingPrediction slot = ref CollectionsMarshal.GetValueRefOrAddDefault(pending, requestId, out bool reused);
            if (reused)
            {
                // A re-used request id: the newer prediction is the one its label will be about.
                ExpiredPredictions++;
            }

            slot = new PendingPrediction(route, prediction, latency, id);
            pendingOrder.Enqueue((requestId, id));
            while (pending.Count > pendingCapacity)
            {
                (string oldest, long oldestId) = pendingOrder.Dequeue();
                if (pending.TryGetValue(oldest, out PendingPrediction entry) && entry.Sequence == oldestId)
                {
                    pending.Remove(oldest);
                    ExpiredPredictions++;
                }
            }

            // Entries superseded or already labelled stay in the queue until they reach its head; when they outnumber the
            // live ones, the queue is rebuilt from the live entries, so it stays within twice the capacity.
            if (pendingOrder.Count > 2 * Math.Max(pending.Count, pendingCapacity / 2))
            {
                // In place, oldest first: each entry goes round once, the live ones back in their order.
                for (int n = pendingOrder.Count; n > 0; n--)
                {
                    (string RequestId, long Sequence) entry = pendingOrder.Dequeue();
                    if (pending.TryGetValue(entry.RequestId, out PendingPrediction live) && live.Sequence == entry.Sequence)
                    {
                        pendingOrder.Enqueue(entry);
                    }
                }
            }
        }
    }

    /// <summary>Entries in the eviction queue, live or stale.</summary>
    internal int QueuedCount
    {
        get
        {
            lock (gate)
            {
                return pendingOrder.Count;
            }
        }
    }

    public void AddFailure() => Interlocked.Increment(ref failures);

    /// <summary>Finds the prediction a label is for, leaving it pending.</summary>
    public bool TryPeek(string requestId, out PendingPrediction prediction)
    {
        lock (gate)
        {
            if (pending.TryGetValue(requestId, out prediction))
            {
                return true;
            }

            UnmatchedLabels++;
            return false;
        }
    }

    /// <summary>Completes a peeked prediction with its loss; false when another label took it first.</summary>
    public bool TryComplete(string requestId, in PendingPrediction prediction, double loss)
    {
        lock (gate)
        {
            if (!pending.TryGetValue(requestId, out PendingPrediction current) || current.Sequence != prediction.Sequence)
            {
                UnmatchedLabels++;
                return false;
            }

            pending.Remove(requestId);
            Labels++;
            Window(prediction.Route.Version).AddLoss(loss);
            return true;
        }
    }

    public T Read<T>(int version, Func<VersionWindow, T> read)
    {
        lock (gate)
        {
            return read(Window(version));
        }
    }

    /// <summary>Drops the windows of every version but these; their traffic no longer matters.</summary>
    public void Retain(int champion, int? candidate)
    {
        lock (gate)
        {
            foreach (int version in windows.Keys.Where(v => v != champion && v != candidate).ToList())
            {
                windows.Remove(version);
            }
        }
    }

    private VersionWindow Window(int version)
    {
        if (!windows.TryGetValue(version, out VersionWindow? window))
        {
            window = new VersionWindow(width, rowCapacity, lossCapacity);
            windows.Add(version, window);
        }

        return window;
    }
}
