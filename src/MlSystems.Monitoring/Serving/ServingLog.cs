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
            if (pending.Remove(requestId))
            {
                // A re-used request id: the newer prediction is the one its label will be about.
                ExpiredPredictions++;
            }

            pending[requestId] = new PendingPrediction(route, prediction, latency, id);
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

            // Entries superseded or already labelled stay in the queue until they reach its head; keep it bounded.
            while (pendingOrder.Count > 2 * pendingCapacity && pendingOrder.TryPeek(out (string RequestId, long Sequence) head)
                && !(pending.TryGetValue(head.RequestId, out PendingPrediction live) && live.Sequence == head.Sequence))
            {
                pendingOrder.Dequeue();
            }
        }
    }

    public void AddFailure() => Interlocked.Increment(ref failures);

    public bool TryJoin(string requestId, out PendingPrediction prediction)
    {
        lock (gate)
        {
            if (!pending.Remove(requestId, out prediction))
            {
                UnmatchedLabels++;
                return false;
            }

            Labels++;
            return true;
        }
    }

    public void AddLoss(int version, double loss)
    {
        lock (gate)
        {
            Window(version).AddLoss(loss);
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
