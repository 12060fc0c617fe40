using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using MlSystems.Drift;
using MlSystems.Registry;
using MlSystems.Rollout;

namespace MlSystems.Monitoring.Tests.Fleet.Coordination;

/// <summary>
/// One coordinator per model over several serving hosts, in one process on a fake clock: its verdicts equal, round by
/// round, those of one canary controller that served all the traffic itself; a bad candidate is rolled back, an equal
/// one promoted once; a promotion cut short between its writes is finished by the successor, never repeated; a deposed
/// coordinator writes nothing.
/// </summary>
public sealed class FleetCoordinatorTests
{
    [SkippableFact]
    public void The_fleet_verdict_equals_the_single_host_verdict_at_every_round() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(25), Prop.ForAll(
            Gen.Choose(0, int.MaxValue).ToArbitrary(), Gen.Choose(1, 4).ToArbitrary(), Gen.Elements(0.01, 0.02, 0.05).ToArbitrary(),
            (seed, hosts, candidateErrors) => SameVerdictsAsync(seed, hosts, candidateErrors).GetAwaiter().GetResult()));

    [SkippableFact]
    public void The_fleet_drift_verdict_equals_the_single_host_report_on_the_champion_rows() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(20), Prop.ForAll(
            Gen.Choose(0, int.MaxValue).ToArbitrary(), Gen.Choose(1, 4).ToArbitrary(), Gen.Elements(0.0, 0.1, 0.6).ToArbitrary(),
            (seed, hosts, shift) => SameDriftAsync(seed, hosts, shift).GetAwaiter().GetResult()));

    [Fact]
    public async Task A_candidate_with_twice_the_errors_is_rolled_back_and_the_alias_stays()
    {
        using var fleet = new FleetHarness(hosts: 3, seed: 5);
        fleet.ErrorRate[2] = 0.03;
        await fleet.PublishAsync();
        FleetCoordinator coordinator = fleet.Coordinator("c1");
        (RoutingPlan plan, int rounds) = await RunCanaryAsync(fleet, coordinator, requestsPerRound: 3000);

        Assert.Equal(FleetPhase.Serving, plan.Phase);
        Assert.Equal(1, plan.Champion);
        Assert.Contains("rolled back", plan.Reason, StringComparison.Ordinal);
        Assert.Equal(1, (await fleet.Registry.GetByAliasAsync(fleet.Model, "champion"))!.Version);
        Assert.True(rounds < 40, $"took {rounds} rounds");
    }

    [Fact]
    public async Task An_equal_candidate_is_promoted_once_through_every_step()
    {
        using var fleet = new FleetHarness(hosts: 3, seed: 6);
        await fleet.PublishAsync();
        FleetCoordinator coordinator = fleet.Coordinator("c1");
        (RoutingPlan plan, _) = await RunCanaryAsync(fleet, coordinator, requestsPerRound: 3000);

        Assert.Equal(FleetPhase.Serving, plan.Phase);
        Assert.Equal(2, plan.Champion);
        Assert.Equal(2, (await fleet.Registry.GetByAliasAsync(fleet.Model, "champion"))!.Version);
        Assert.Single(await fleet.Registry.GetAliasHistoryAsync(fleet.Model, "champion"), m => m.ToVersion == 2);

        // Serving 1, the canary's three steps, promoting, serving 2: no step repeated or skipped.
        IReadOnlyList<(FleetPlan Revision, RoutingPlan Plan)> history = await fleet.HistoryAsync();
        Assert.Equal([FleetPhase.Serving, FleetPhase.Canary, FleetPhase.Canary, FleetPhase.Canary, FleetPhase.Promoting, FleetPhase.Serving], history.Select(h => h.Plan.Phase));
        Assert.Equal([0, 1, 2], history.Where(h => h.Plan.Phase == FleetPhase.Canary).Select(h => h.Plan.Step));
        Assert.All(fleet.Hosts, h => Assert.Equal(history[^1].Revision.Revision, h.PlanRevision));
    }

    [Fact]
    public async Task A_promotion_whose_leader_died_before_the_alias_moved_is_finished_by_the_successor()
    {
        using var fleet = new FleetHarness(hosts: 2);
        FleetCoordinator first = await LeaderThatWrotePromotingAsync(fleet);

        // It died before it moved the alias.
        FleetCoordinator second = fleet.Coordinator("c2");
        Assert.False((await second.RunRoundAsync()).Leading);
        fleet.Clock.Advance(TimeSpan.FromMinutes(3));
        FleetRound round = await second.RunRoundAsync();

        Assert.True(round.Leading);
        Assert.Equal(2, round.Plan!.Champion);
        Assert.Equal(FleetPhase.Serving, round.Plan.Phase);
        AliasMove move = Assert.Single(await fleet.Registry.GetAliasHistoryAsync(fleet.Model, "champion"), m => m.ToVersion == 2);
        Assert.Contains("fleet coordinator c2", move.Actor, StringComparison.Ordinal);

        // The deposed leader comes back: it cannot renew or take the lease, so it writes nothing.
        long revisions = (await fleet.Store.ReadPlanAsync(fleet.Model))!.Revision;
        Assert.False((await first.RunRoundAsync()).Leading);
        Assert.Null(await first.StartCanaryAsync(2));
        Assert.Equal(revisions, (await fleet.Store.ReadPlanAsync(fleet.Model))!.Revision);
    }

    [Fact]
    public async Task A_promotion_whose_leader_died_after_the_alias_moved_is_not_repeated()
    {
        using var fleet = new FleetHarness(hosts: 2);
        await LeaderThatWrotePromotingAsync(fleet);

        // It moved the alias and died before it wrote the serving revision.
        await fleet.Registry.SetAliasAsync(fleet.Model, "champion", 2, AliasCondition.Is(1));

        fleet.Clock.Advance(TimeSpan.FromMinutes(3));
        FleetRound round = await fleet.Coordinator("c2").RunRoundAsync();

        Assert.Equal(2, round.Plan!.Champion);
        Assert.Contains("already named version 2", round.Plan.Reason, StringComparison.Ordinal);
        Assert.Single(await fleet.Registry.GetAliasHistoryAsync(fleet.Model, "champion"), m => m.ToVersion == 2);
    }

    [Fact]
    public async Task A_summary_this_version_cannot_read_is_counted_and_left_out()
    {
        using var fleet = new FleetHarness(hosts: 1);
        await fleet.PublishAsync();
        FleetCoordinator coordinator = fleet.Coordinator("c1");
        await coordinator.RunRoundAsync();
        await fleet.Store.FlushAsync(new FleetSummary(fleet.Model, "newer-host", 1, fleet.Clock.GetUtcNow(), fleet.Clock.GetUtcNow(), 99, [1, 2, 3]));
        await fleet.RefreshAllAsync();
        fleet.Serve(10);
        await fleet.FlushAllAsync();

        Assert.True((await coordinator.RunRoundAsync()).Leading);
        Assert.Equal(1, coordinator.SummariesUnreadable);
        Assert.Equal(1, coordinator.SummariesRead);
    }

    [Fact]
    public async Task A_host_that_stops_flushing_is_reported_silent_and_an_idle_one_is_not()
    {
        using var fleet = new FleetHarness(hosts: 3);
        FleetCoordinator coordinator = await fleet.StartAsync();
        await fleet.ServeIntervalAsync(30);
        Assert.Empty((await coordinator.RunRoundAsync()).SilentHosts);

        // host-2 stops; the others go on flushing every interval, with nothing served after the first.
        for (int round = 1; round <= 3; round++)
        {
            fleet.Clock.Advance(FleetHarness.Interval);
            foreach (FleetServingHost host in fleet.Hosts.Where(h => h.HostId != "host-2"))
            {
                await host.FlushAsync();
            }

            FleetRound result = await coordinator.RunRoundAsync();
            // Silent once its last interval ended more than two flush intervals ago.
            Assert.Equal(round == 3 ? ["host-2"] : [], result.SilentHosts.Select(h => h.HostId));
        }
    }

    [Fact]
    public async Task A_host_cut_off_from_the_store_keeps_its_plan_and_later_delivers_every_request_once()
    {
        using var fleet = new FleetHarness(hosts: 1);
        await fleet.PublishAsync();
        FleetCoordinator coordinator = fleet.Coordinator("c1");
        await coordinator.RunRoundAsync();
        await coordinator.StartCanaryAsync(2);
        var link = new UnreachableFleetStore(fleet.Store);
        var host = new FleetServingHost(link, fleet.Model, "cut-off", fleet.Clock);
        await host.RefreshPlanAsync();
        long revision = host.PlanRevision!.Value;
        long served = 0;

        // The acknowledgement of one flush is lost, then the store is out of reach for two intervals.
        for (int round = 0; round < 4; round++)
        {
            (link.LoseAcknowledgements, link.Down) = (round == 0, round is 1 or 2);
            for (int i = 0; i < 50; i++, served++)
            {
                FleetHostRoute route = host.Route($"user-{served}");
                Assert.Equal(revision, route.PlanRevision);
                host.Record(route, new CanaryObservation(false, TimeSpan.FromMilliseconds(3)));
            }

            fleet.Clock.Advance(FleetHarness.Interval);
            Assert.Equal(round == 3, await host.FlushAsync());

            // The host never moves the canary itself: the plan stays the coordinator's.
            Assert.Equal(revision, (await fleet.Store.ReadPlanAsync(fleet.Model))!.Revision);
        }

        // The retried flush was stored once; what was served while the store was down followed; nothing is counted twice.
        IReadOnlyList<StoredFleetSummary> summaries = await fleet.Store.ReadSummariesAsync(fleet.Model, 0, 100);
        Assert.Equal([1L, 2L], summaries.Where(s => s.Summary.HostId == "cut-off").Select(s => s.Summary.Sequence));
        long counted = summaries.Where(s => s.Summary.HostId == "cut-off")
            .Select(s => ServingTally.FromBytes(s.Summary.Payload.Span, s.Summary.FormatVersion))
            .Sum(t => t.Arms.Sum(a => t.Window(a).Count));
        Assert.Equal(served, counted);
    }

    [Fact]
    public async Task Summaries_past_their_retention_are_pruned_between_canaries_but_never_during_one()
    {
        using var fleet = new FleetHarness(hosts: 2);
        await fleet.PublishAsync();
        var coordinator = new FleetCoordinator(fleet.Store, fleet.Registry, new FleetCoordinatorSettings
        {
            ModelName = fleet.Model,
            Holder = "c1",
            LeaseDuration = TimeSpan.FromHours(2),
            SummaryRetention = TimeSpan.FromMinutes(30),
            CanaryPlan = FleetHarness.Plan,
        }, fleet.Clock);
        await coordinator.RunRoundAsync();
        await coordinator.StartCanaryAsync(2);
        await fleet.RefreshAllAsync();

        // An hour of a canary that cannot finish (no traffic reaches its minimum): nothing is pruned while it runs.
        for (int minute = 0; minute < 60; minute++)
        {
            fleet.Clock.Advance(FleetHarness.Interval);
            await fleet.FlushAllAsync();
            await coordinator.RunRoundAsync();
        }

        Assert.Equal(0, coordinator.SummariesPruned);
        Assert.Equal(120, (await fleet.Store.ReadSummariesAsync(fleet.Model, 0, 1000)).Count);

        // A bad candidate ends it; the next rounds, between canaries, prune what is past the retention.
        fleet.ErrorRate[2] = 0.3;
        FleetRound round;
        do
        {
            fleet.Serve(2000);
            fleet.Clock.Advance(FleetHarness.Interval);
            await fleet.FlushAllAsync();
            round = await coordinator.RunRoundAsync();
            await fleet.RefreshAllAsync();
        }
        while (round.Plan!.Phase == FleetPhase.Canary);

        // Two hosts, one flush a minute: the 30 minutes of flushes that ended before the cut.
        Assert.Equal(60, coordinator.SummariesPruned);
        DateTimeOffset cut = fleet.Clock.GetUtcNow() - TimeSpan.FromMinutes(30);
        Assert.All(await fleet.Store.ReadSummariesAsync(fleet.Model, 0, 1000), s => Assert.True(s.Summary.IntervalEnd >= cut));
    }

    [Fact]
    public async Task Decisions_extend_a_step_keeping_its_evidence_advance_it_or_roll_it_back_as_a_single_controller_does()
    {
        using var fleet = new FleetHarness(hosts: 2, seed: 8);
        await fleet.PublishAsync();
        FleetCoordinator coordinator = fleet.Coordinator("c1");
        await coordinator.RunRoundAsync();
        await coordinator.StartCanaryAsync(2);
        await fleet.RefreshAllAsync();
        using var single = new CanaryController(FleetHarness.Plan(1, 2), timeProvider: fleet.Clock);

        async Task<(CanaryEvaluation Fleet, CanaryEvaluation Single)> RoundAsync(CanaryDecision? decision)
        {
            foreach ((string key, FleetHostRoute route, CanaryObservation observation, _) in fleet.Serve(400))
            {
                single.Record(single.Route(key), observation);
            }

            fleet.Clock.Advance(FleetHarness.Interval);
            await fleet.FlushAllAsync();
            FleetRound round = decision is CanaryDecision d ? await coordinator.DecideAsync(d) : await coordinator.RunRoundAsync();
            CanaryEvaluation expected = decision is CanaryDecision e ? await single.DecideAsync(e) : await single.EvaluateAsync();
            await fleet.RefreshAllAsync();
            Assert.Equal((expected.Action, expected.StepIndex, expected.Reason), (round.Evaluation!.Action, round.Evaluation.StepIndex, round.Evaluation.Reason));
            Assert.Equal(expected.Gates, round.Evaluation.Gates);
            return (round.Evaluation, expected);
        }

        await RoundAsync(null);
        (CanaryEvaluation extended, _) = await RoundAsync(CanaryDecision.Extend);
        Assert.Equal(CanaryAction.Hold, extended.Action);
        RoutingPlan afterExtension = RoutingPlan.FromRevision((await fleet.Store.ReadPlanAsync(fleet.Model))!);
        Assert.Equal((0, 2L, fleet.Clock.GetUtcNow()), (afterExtension.Step, afterExtension.StepRevision, afterExtension.LimitCountedFrom));

        // The extension's revision and the step's first both count: the next verdicts still match the single controller.
        await RoundAsync(null);
        (CanaryEvaluation advanced, _) = await RoundAsync(CanaryDecision.Advance);
        Assert.Equal(CanaryAction.Advance, advanced.Action);
        await RoundAsync(null);
        (CanaryEvaluation rolledBack, _) = await RoundAsync(CanaryDecision.RollBack);
        Assert.Equal(CanaryAction.RollBack, rolledBack.Action);
        Assert.Equal(FleetPhase.Serving, RoutingPlan.FromRevision((await fleet.Store.ReadPlanAsync(fleet.Model))!).Phase);
        await Assert.ThrowsAsync<InvalidOperationException>(() => coordinator.DecideAsync(CanaryDecision.Advance));
    }

    [Fact]
    public async Task A_summary_whose_counts_would_overflow_is_skipped_whole_and_what_was_merged_stays()
    {
        using var fleet = new FleetHarness(hosts: 1);
        FleetCoordinator coordinator = await fleet.StartAsync();
        await fleet.ServeIntervalAsync(5);

        // A forged summary: the champion's arm with long.MaxValue requests, and another arm it would also add.
        var forged = new ArrayBufferWriter<byte>();
        forged.Write("MLST"u8);
        forged.Write<byte>([(byte)1, .. BitConverter.GetBytes(0L), .. BitConverter.GetBytes(2)]);
        foreach (int version in (int[])[1, 2])
        {
            forged.Write<byte>([.. BitConverter.GetBytes(1L), .. BitConverter.GetBytes(version), 1, .. BitConverter.GetBytes(long.MaxValue), .. BitConverter.GetBytes(0L)]);
            forged.Write<byte>([.. BitConverter.GetBytes(1), .. BitConverter.GetBytes(500), .. BitConverter.GetBytes(long.MaxValue)]);
            forged.Write<byte>([.. BitConverter.GetBytes(0L), .. BitConverter.GetBytes(0), .. BitConverter.GetBytes(0), .. BitConverter.GetBytes(0)]);
        }

        Assert.Equal(2, ServingTally.FromBytes(forged.WrittenSpan, 1).Arms.Count());
        await fleet.Store.FlushAsync(new FleetSummary(fleet.Model, "forger", 1, fleet.Clock.GetUtcNow(), fleet.Clock.GetUtcNow(), 1, forged.WrittenSpan));

        FleetRound round = await coordinator.RunRoundAsync();
        Assert.True(round.Leading);
        Assert.Equal(1, coordinator.SummariesUnreadable);
        Assert.Equal(5, coordinator.TakeChampionOutcomes(0)!.Count);
    }

    [Fact]
    public async Task An_alias_moved_outside_the_fleet_between_canaries_becomes_the_plan_champion()
    {
        using var fleet = new FleetHarness(hosts: 1);
        await fleet.PublishAsync();
        FleetCoordinator coordinator = fleet.Coordinator("c1");
        await coordinator.RunRoundAsync();
        await fleet.Registry.SetAliasAsync(fleet.Model, "champion", 2, AliasCondition.Is(1));

        FleetRound round = await coordinator.RunRoundAsync();
        Assert.Equal((2, 2L, FleetPhase.Serving), (round.Plan!.Champion, round.Plan.ChampionSince, round.Plan.Phase));
        Assert.Contains("outside the fleet", round.Plan.Reason, StringComparison.Ordinal);
        Assert.NotNull(round.Plan.Bins);
        Assert.Empty((await coordinator.RunRoundAsync()).Written);
    }

    [Fact]
    public async Task A_host_whose_number_is_taken_by_other_contents_sends_the_same_contents_under_the_next_one()
    {
        using var fleet = new FleetHarness(hosts: 1);
        await fleet.PublishAsync();
        await fleet.Coordinator("c1").RunRoundAsync();
        await fleet.RefreshAllAsync();
        FleetServingHost host = fleet.Hosts[0];
        await fleet.Store.FlushAsync(new FleetSummary(fleet.Model, host.HostId, 1, fleet.Clock.GetUtcNow(), fleet.Clock.GetUtcNow(), 1, [9, 9]));
        fleet.Serve(7);
        fleet.Clock.Advance(FleetHarness.Interval);

        await Assert.ThrowsAsync<InvalidOperationException>(() => host.FlushAsync());
        Assert.True(await host.FlushAsync());
        StoredFleetSummary second = (await fleet.Store.ReadSummariesAsync(fleet.Model, 0, 10)).Single(s => s.Summary.Sequence == 2);
        ServingTally tally = ServingTally.FromBytes(second.Summary.Payload.Span, second.Summary.FormatVersion);
        Assert.Equal(7, tally.Arms.Sum(a => tally.Window(a).Count));
    }

    [Fact]
    public async Task A_retraining_longer_than_the_lease_keeps_the_leader_in_place()
    {
        using var fleet = new FleetHarness(hosts: 1);
        await fleet.PublishAsync();
        FleetCoordinator leader = fleet.Coordinator("c1");
        FleetCoordinator standby = fleet.Coordinator("c2");
        await leader.RunRoundAsync();

        // Ten minutes of training against a three-minute lease: the keep-alive renews it every minute.
        await leader.KeepLeaseWhileAsync(async () =>
        {
            for (int minute = 0; minute < 10; minute++)
            {
                fleet.Clock.Advance(TimeSpan.FromMinutes(1));
                await Task.Yield();
                Assert.False((await standby.RunRoundAsync()).Leading);
            }
        });

        Assert.True((await leader.RunRoundAsync()).Leading);

        // Without it the lease lapses and the standby takes over.
        fleet.Clock.Advance(TimeSpan.FromMinutes(4));
        Assert.True((await standby.RunRoundAsync()).Leading);
    }

    [Fact]
    public async Task A_canary_plan_that_samples_predictions_is_refused()
    {
        using var fleet = new FleetHarness(hosts: 1);
        await fleet.PublishAsync();
        var coordinator = new FleetCoordinator(fleet.Store, fleet.Registry, new FleetCoordinatorSettings
        {
            ModelName = fleet.Model,
            Holder = "c1",
            CanaryPlan = (a, b) => { CanaryOptions o = FleetHarness.Plan(a, b); o.PredictionSampleCapacity = 100; return o; },
        }, fleet.Clock);
        await coordinator.RunRoundAsync();
        Assert.Contains("PredictionSampleCapacity", (await Assert.ThrowsAsync<InvalidOperationException>(() => coordinator.StartCanaryAsync(2))).Message, StringComparison.Ordinal);
    }

    /// <summary>A leader c1 that started a canary of version 2 and wrote its promoting revision, as a leader killed right after does.</summary>
    private static async Task<FleetCoordinator> LeaderThatWrotePromotingAsync(FleetHarness fleet)
    {
        await fleet.PublishAsync();
        FleetCoordinator first = fleet.Coordinator("c1");
        await first.RunRoundAsync();
        long canary = (await first.StartCanaryAsync(2))!.Value;
        RoutingPlan running = RoutingPlan.FromRevision((await fleet.Store.ReadPlanAsync(fleet.Model))!);
        await fleet.Store.WritePlanAsync(first.Lease!, canary, RoutingPlan.FormatVersion, (running with { Phase = FleetPhase.Promoting, Percentage = 100, Reason = "promoted" }).ToBytes());
        return first;
    }

    /// <summary>Starts a canary of version 2 and runs rounds (serve, flush, judge, hosts read the plan) until it ends.</summary>
    private static async Task<(RoutingPlan Plan, int Rounds)> RunCanaryAsync(FleetHarness fleet, FleetCoordinator coordinator, int requestsPerRound)
    {
        Assert.True((await coordinator.RunRoundAsync()).Leading);
        Assert.NotNull(await coordinator.StartCanaryAsync(2));
        await fleet.RefreshAllAsync();
        for (int round = 1; round <= 200; round++)
        {
            fleet.Serve(requestsPerRound);
            fleet.Clock.Advance(FleetHarness.Interval);
            await fleet.FlushAllAsync();
            FleetRound result = await coordinator.RunRoundAsync();
            await fleet.RefreshAllAsync();
            if (result.Plan!.Phase == FleetPhase.Serving)
            {
                return (result.Plan, round);
            }
        }

        throw new InvalidOperationException("The canary did not end in 200 rounds.");
    }

    private static async Task<bool> SameDriftAsync(int seed, int hosts, double shift)
    {
        using var fleet = new FleetHarness(hosts, seed) { Shift = shift };
        await fleet.PublishAsync();
        FleetCoordinator coordinator = fleet.Coordinator("c1");
        RoutingPlan plan = (await coordinator.RunRoundAsync()).Plan!;
        Assert.Equal(3, plan.Bins!.Count);
        await coordinator.StartCanaryAsync(2);
        await fleet.RefreshAllAsync();

        // Rows served by the champion, across hosts, through a canary step: the single host's window.
        var rows = new List<double[]>();
        IReadOnlyDictionary<string, long[]>? counts = null;
        for (int round = 0; round < 10 && counts is null; round++)
        {
            rows.AddRange(fleet.Serve(150).Where(s => s.Route.Version == 1).Select(s => s.Row));
            fleet.Clock.Advance(FleetHarness.Interval);
            await fleet.FlushAllAsync();
            plan = (await coordinator.RunRoundAsync()).Plan!;
            counts = coordinator.TakeChampionRows(plan, 600);
            await fleet.RefreshAllAsync();
        }

        var options = new DriftReportOptions { NumericTest = DriftTestNames.PopulationStabilityIndex, MaxDegreeOfParallelism = 1 };
        var dataset = new DriftDataset([.. new[] { "x", "y", "prediction" }.Select((name, i) => FeatureColumn.Numeric(name, [.. rows.Select(r => r[i])]))]);
        string single = DriftReport.Compute(FleetHarness.Profile, dataset, options).ToJson();
        string fleetReport = DriftReport.ComputeBinned(FleetHarness.Profile, counts!, options).ToJson();
        Assert.Equal(single, fleetReport);

        // The window is taken: the next one starts empty.
        return coordinator.TakeChampionRows(plan, 1) is null && (shift < 0.6 || DriftReport.ComputeBinned(FleetHarness.Profile, counts!, options).Features[0].Drifted);
    }

    private static async Task<bool> SameVerdictsAsync(int seed, int hosts, double candidateErrors)
    {
        using var fleet = new FleetHarness(hosts, seed);
        fleet.ErrorRate[2] = candidateErrors;
        await fleet.PublishAsync();
        FleetCoordinator coordinator = fleet.Coordinator("c1");
        await coordinator.RunRoundAsync();
        await coordinator.StartCanaryAsync(2);
        await fleet.RefreshAllAsync();

        // The single host: one controller that routes and records every request itself.
        using var single = new CanaryController(FleetHarness.Plan(1, 2), timeProvider: fleet.Clock);
        var actions = new List<CanaryAction>();
        for (int round = 0; round < 300; round++)
        {
            foreach ((string key, FleetHostRoute route, CanaryObservation observation, _) in fleet.Serve(1000 + (seed % 2000)))
            {
                RoutingDecision decision = single.Route(key);
                Assert.Equal(decision.Version, route.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
                single.Record(decision, observation);
            }

            fleet.Clock.Advance(FleetHarness.Interval);
            await fleet.FlushAllAsync();
            CanaryEvaluation fleetVerdict = (await coordinator.RunRoundAsync()).Evaluation!;
            CanaryEvaluation singleVerdict = await single.EvaluateAsync();
            Assert.Equal(singleVerdict.Action, fleetVerdict.Action);
            Assert.Equal(singleVerdict.StepIndex, fleetVerdict.StepIndex);
            Assert.Equal(singleVerdict.CandidatePercentage, fleetVerdict.CandidatePercentage);
            Assert.Equal(singleVerdict.Reason, fleetVerdict.Reason);
            Assert.Equal(singleVerdict.Gates, fleetVerdict.Gates);
            await fleet.RefreshAllAsync();
            actions.Add(singleVerdict.Action);
            if (singleVerdict.Action is CanaryAction.Promote or CanaryAction.RollBack)
            {
                // Every case reaches a verdict, through at least one evaluation that held or waited.
                return actions.Any(a => a is CanaryAction.Wait or CanaryAction.Hold);
            }
        }

        return false;
    }
}
