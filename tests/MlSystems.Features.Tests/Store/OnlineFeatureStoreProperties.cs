using FsCheck;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;

namespace MlSystems.Features.Tests.Store;

/// <summary>The in-memory store with a time to live against a dictionary that applies the documented rules one by one.</summary>
public sealed class OnlineFeatureStoreProperties
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Property(MaxTest = 100)]
    public void The_store_behaves_as_a_dictionary_with_event_time_guards_and_expiry(int[] operations)
    {
        var clock = new FakeTimeProvider(T0);
        TimeSpan ttl = TimeSpan.FromMinutes(10);
        var store = new InMemoryOnlineFeatureStore(1, ttl, clock);
        var model = new Dictionary<string, (DateTimeOffset EventTime, double Value)>();
        double[] read = new double[1];
        foreach (int operation in operations ?? [])
        {
            int code = Math.Abs(operation % 1_000);
            string entity = $"e{code % 4}";
            DateTimeOffset now = clock.GetUtcNow();
            model = model.Where(p => now - p.Value.EventTime < ttl).ToDictionary();
            switch (code % 3)
            {
                case 0:
                    // A write stamped up to 15 minutes before now: some arrive already old, some older than what is held.
                    DateTimeOffset eventTime = now - TimeSpan.FromMinutes(code % 16);
                    bool newer = !model.TryGetValue(entity, out var held) || held.EventTime < eventTime;
                    Assert.Equal(newer ? FeatureWriteOutcome.Written : FeatureWriteOutcome.Ignored, store.Write(entity, eventTime, [code]));
                    if (newer)
                    {
                        model[entity] = (eventTime, code);
                    }

                    break;
                case 1:
                    FeatureReadStatus status = store.Read(entity, read, now, TimeSpan.FromMinutes(5));
                    if (model.TryGetValue(entity, out var expected))
                    {
                        Assert.Equal(now - expected.EventTime > TimeSpan.FromMinutes(5) ? FeatureReadStatus.Stale : FeatureReadStatus.Fresh, status);
                        Assert.Equal(expected.Value, read[0]);
                    }
                    else
                    {
                        Assert.Equal(FeatureReadStatus.Missing, status);
                    }

                    break;
                default:
                    clock.Advance(TimeSpan.FromMinutes(code % 7));
                    break;
            }
        }
    }
}
