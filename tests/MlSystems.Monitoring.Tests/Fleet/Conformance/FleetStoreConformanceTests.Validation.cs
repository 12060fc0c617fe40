namespace MlSystems.Monitoring.Tests.Fleet.Conformance;

public abstract partial class FleetStoreConformanceTests
{
    public static TheoryData<string, string> UnusableNames => new()
    {
        { string.Empty, "empty" },
        { "   ", "blank" },
        { new string('m', 257), "too long" },
        { "fr\0aud", "U+0000" },
    };

    [SkippableTheory]
    [MemberData(nameof(UnusableNames))]
    public async Task Every_operation_refuses_an_unusable_model_name_or_holder_before_writing(string name, string why)
    {
        // The store is made first, so that a backend whose server is missing skips here instead of inside an assertion.
        _ = Store;
        Assert.NotNull(why);
        await Refused("modelName", () => Store.ReadSummariesAsync(name, 0, 10));
        await Refused("modelName", () => Store.ReadHostsAsync(name));
        await Refused("modelName", () => Store.PruneSummariesAsync(name, Start));
        await Refused("modelName", () => Store.TryAcquireLeaseAsync(name, "coordinator", LeaseTime));
        await Refused("holder", () => Store.TryAcquireLeaseAsync("fraud", name, LeaseTime));
        await Refused("modelName", () => Store.ReadLeaseAsync(name));
        await Refused("modelName", () => Store.ReadPlanAsync(name));
        await Refused("modelName", () => Store.ReadPlanHistoryAsync(name, 0, 10));
        Assert.Throws<ArgumentException>("modelName", () => new FleetSummary(name, "host", 1, Start, Start, 1, []));
        Assert.Throws<ArgumentException>("hostId", () => new FleetSummary("fraud", name, 1, Start, Start, 1, []));
        Assert.Null(await Store.ReadLeaseAsync("fraud"));
    }

    [SkippableFact]
    public async Task Reads_leases_and_plan_writes_out_of_range_are_refused_naming_the_parameter_and_nothing_is_written()
    {
        _ = Store;
        await Refused("maxCount", () => Store.ReadSummariesAsync("fraud", 0, 0));
        await Refused("maxCount", () => Store.ReadSummariesAsync("fraud", 0, 10_001));
        await Refused("afterPosition", () => Store.ReadSummariesAsync("fraud", -1, 10));
        await Refused("maxCount", () => Store.ReadPlanHistoryAsync("fraud", 0, 0));
        await Refused("afterRevision", () => Store.ReadPlanHistoryAsync("fraud", -1, 10));
        await Refused("duration", () => Store.TryAcquireLeaseAsync("fraud", "coordinator", TimeSpan.Zero));
        await Refused("duration", () => Store.TryAcquireLeaseAsync("fraud", "coordinator", TimeSpan.FromDays(1).Add(TimeSpan.FromTicks(1))));
        Assert.Null(await Store.ReadLeaseAsync("fraud"));

        FleetLease lease = (await Store.TryAcquireLeaseAsync("fraud", "coordinator", LeaseTime))!;
        await Refused("duration", () => Store.RenewLeaseAsync(lease, TimeSpan.FromSeconds(-1)));
        await Refused("expectedRevision", () => Store.WritePlanAsync(lease, -1, 1, new byte[] { 1 }));
        await Refused("formatVersion", () => Store.WritePlanAsync(lease, 0, 0, new byte[] { 1 }));
        await Refused("payload", () => Store.WritePlanAsync(lease, 0, 1, new byte[FleetSummary.MaxPayloadBytes + 1]));
        await Assert.ThrowsAsync<ArgumentNullException>("lease", () => Store.WritePlanAsync(null!, 0, 1, new byte[] { 1 }));
        await Assert.ThrowsAsync<ArgumentNullException>("lease", () => Store.RenewLeaseAsync(null!, LeaseTime));
        await Assert.ThrowsAsync<ArgumentNullException>("lease", () => Store.ReleaseLeaseAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>("summary", () => Store.FlushAsync(null!));
        FleetLease forged = lease with { ModelName = "fr\0aud" };
        await Refused("lease", () => Store.WritePlanAsync(forged, 0, 1, new byte[] { 1 }));
        await Refused("lease", () => Store.RenewLeaseAsync(lease with { Holder = "" }, LeaseTime));
        await Refused("lease", () => Store.ReleaseLeaseAsync(forged));
        Assert.Null(await Store.ReadPlanAsync("fraud"));
        Assert.Equal(lease, await Store.ReadLeaseAsync("fraud"));
    }

    private static async Task Refused(string parameter, Func<Task> operation) =>
        Assert.Equal(parameter, (await Assert.ThrowsAnyAsync<ArgumentException>(operation)).ParamName);
}
