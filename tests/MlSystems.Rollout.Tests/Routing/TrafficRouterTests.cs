using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace MlSystems.Rollout.Tests.Routing;

public sealed class TrafficRouterTests
{
    private static readonly RoutingHash[] Hashes = [RoutingHash.FeatureManagement, RoutingHash.XxHash];

    [Property(MaxTest = 200)]
    public Property A_key_keeps_its_arm_across_routers_and_calls(NonEmptyString key, bool xx) =>
        (key.Get.Length > 0).Implies(() =>
        {
            RoutingHash hash = xx ? RoutingHash.XxHash : RoutingHash.FeatureManagement;
            var first = new TrafficRouter("exp", [new("a", 30), new("b", 30), new("c", 40)], hash);
            var second = new TrafficRouter("exp", [new("a", 30), new("b", 30), new("c", 40)], hash);
            RoutingDecision one = first.Route(key.Get), two = second.Route(key.Get), again = first.Route(key.Get);
            return one == two && one == again && one.Bucket == StableBucket.Of(key.Get, "exp", hash);
        });

    [Property(MaxTest = 200)]
    public Property Ramps_are_monotonic(NonEmptyString key, bool xx) =>
        Prop.ForAll(Gen.Choose(0, 1000).ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), (a, b) =>
        {
            double from = Math.Min(a, b) / 10.0, to = Math.Max(a, b) / 10.0;
            var router = new TrafficRouter("ramp", [new("new", from), new("old", 100 - from)], xx ? RoutingHash.XxHash : RoutingHash.FeatureManagement);
            bool before = router.Route(key.Get).Version == "new";
            router.Update([new("new", to), new("old", 100 - to)]);
            bool after = router.Route(key.Get).Version == "new";

            // Whoever had the new model at the lower percentage keeps it at the higher one.
            return !before || after;
        });

    [Fact]
    public void The_observed_split_lies_within_its_binomial_confidence_interval()
    {
        foreach (RoutingHash hash in Hashes)
        {
            foreach (double share in (double[])[1, 5, 25, 50])
            {
                var router = new TrafficRouter($"split-{share}", [new("new", share), new("old", 100 - share)], hash);
                const int Users = 200_000;
                int hits = 0;
                for (int u = 0; u < Users; u++)
                {
                    hits += router.Route($"user-{u}").Arm == 0 ? 1 : 0;
                }

                // A 99.99% normal interval around the configured share (z = 3.89).
                double p = share / 100, half = 3.89 * Math.Sqrt(p * (1 - p) / Users);
                Assert.InRange((double)hits / Users, p - half, p + half);
            }
        }
    }

    [Fact]
    public void Two_experiments_split_users_independently()
    {
        var a = new TrafficRouter("exp-a", [new("x", 50), new("y", 50)]);
        var b = new TrafficRouter("exp-b", [new("x", 50), new("y", 50)]);
        int both = 0;
        const int Users = 40_000;
        for (int u = 0; u < Users; u++)
        {
            both += a.Route($"u{u}").Arm == 0 && b.Route($"u{u}").Arm == 0 ? 1 : 0;
        }

        Assert.InRange((double)both / Users, 0.25 - 0.01, 0.25 + 0.01);
    }

    [Fact]
    public void Buckets_are_stable_across_releases()
    {
        // Pinned values: a change here would silently re-shuffle every user of every running experiment.
        Assert.Equal(StableBucket.Of("user-42", "checkout", RoutingHash.FeatureManagement), StableBucket.Of("user-42", "checkout"));
        Assert.Equal("11.3179", StableBucket.Of("user-42", "checkout", RoutingHash.XxHash).ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotEqual(StableBucket.Of("user-42", "checkout", RoutingHash.XxHash), StableBucket.Of("user-43", "checkout", RoutingHash.XxHash));
    }

    [Fact]
    public void Long_keys_are_hashed_like_short_ones()
    {
        string key = new('k', 5_000);
        var router = new TrafficRouter("long", [new("a", 50), new("b", 50)]);
        Assert.Equal(StableBucket.Of(key, "long"), router.Route(key).Bucket);
    }

    [Fact]
    public void Routing_allocates_nothing()
    {
        foreach (RoutingHash hash in Hashes)
        {
            var router = new TrafficRouter("alloc", [new("a", 10), new("b", 90)], hash);
            router.Route("warm-up");
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1_000; i++)
            {
                router.Route("user-12345");
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    [Fact]
    public void Updates_are_atomic_and_counted()
    {
        var router = new TrafficRouter("gen", [new("a", 0), new("b", 100)]);
        Assert.Equal(0, router.Generation);
        Assert.Equal("b", router.Route("someone").Version);
        router.Update([new("a", 100), new("b", 0)]);
        RoutingDecision decision = router.Route("someone");
        Assert.Equal(("a", 1L), (decision.Version, decision.Generation));
    }

    [Fact]
    public void Bad_splits_and_keys_are_rejected_with_the_parameter_named()
    {
        Assert.Equal("arms", Assert.Throws<ArgumentException>(() => new TrafficRouter("x", [new("a", 60), new("b", 60)])).ParamName);
        Assert.Contains("sum to 120", Assert.Throws<ArgumentException>(() => new TrafficRouter("x", [new("a", 60), new("b", 60)])).Message, StringComparison.Ordinal);
        Assert.Equal("arms", Assert.Throws<ArgumentException>(() => new TrafficRouter("x", [])).ParamName);
        Assert.Equal("arms", Assert.Throws<ArgumentException>(() => new TrafficRouter("x", [new("", 100)])).ParamName);
        Assert.Equal("arms", Assert.Throws<ArgumentException>(() => new TrafficRouter("x", [new("a", -1), new("b", 101)])).ParamName);
        Assert.Equal("arms", Assert.Throws<ArgumentException>(() => new TrafficRouter("x", [new("a", double.NaN), new("b", 100)])).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => new TrafficRouter(" ", [new("a", 100)])).ParamName);
        var router = new TrafficRouter("x", [new("a", 100)]);
        Assert.Equal("routingKey", Assert.Throws<ArgumentException>(() => router.Route("")).ParamName);
        Assert.Throws<ArgumentException>(() => router.Update([new("a", 50)]));
        Assert.Equal(0, router.Generation);
    }
}
