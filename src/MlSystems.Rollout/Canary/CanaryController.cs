using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MlSystems.Rollout;

/// <summary>
/// Runs a canary: routes requests between champion and candidate at the current step's percentage, collects each
/// arm's outcomes, and on every <see cref="EvaluateAsync"/> judges the step with the gates — a failure rolls back to 0%
/// at once, an inconclusive verdict holds the percentage, a pass advances to the next step or promotes the candidate.
/// </summary>
/// <remarks>
/// Time comes from the <see cref="TimeProvider"/>. <see cref="Route"/> and <see cref="Record"/> are thread-safe and
/// may run concurrently with an evaluation; evaluations serialise. Keys keep their arm as the percentage rises.
/// </remarks>
public sealed class CanaryController : IDisposable
{
    private readonly CanaryOptions options;
    private readonly CanaryStep[] steps;
    private readonly ICanaryGate[] gates;
    private readonly ICanaryPromoter? promoter;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly RolloutTelemetry? telemetry;
    private readonly SemaphoreSlim evaluation = new(1, 1);
    private readonly Lock gate = new();
    private readonly List<CanaryStepReport> history = [];
    private CanaryWindow champion;
    private CanaryWindow candidate;
    private CanaryWindow championSoFar;
    private DateTimeOffset stepStartedAt;
    private DateTimeOffset limitCountedFrom;

    // Set when the step asks for a decision, until one is made: later evaluations keep asking (a failure still rolls back).
    private bool awaiting;
    private string awaitingReason = "";
    private int windows;

    /// <summary>Starts a canary at its first step.</summary>
    /// <param name="options">The canary; copied and validated here, so changing it afterwards changes nothing.</param>
    /// <param name="promoter">What promotion and rollback do beyond routing; null for routing only.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">The logger; none when null.</param>
    /// <exception cref="ArgumentException">The options are invalid (the message names the option).</exception>
    public CanaryController(CanaryOptions options, ICanaryPromoter? promoter = null, TimeProvider? timeProvider = null, ILogger<CanaryController>? logger = null)
        : this(options, promoter, timeProvider, logger, telemetry: null)
    {
    }

    internal CanaryController(CanaryOptions options, ICanaryPromoter? promoter, TimeProvider? timeProvider, ILogger? logger, RolloutTelemetry? telemetry)
    {
        ArgumentNullException.ThrowIfNull(options);
        options = options.Clone();
        options.Validate();
        if (options.GateNames.Count > 0)
        {
            throw RolloutArguments.Invalid(nameof(options.GateNames), $"Canary '{options.Name}' names gates ({string.Join(", ", options.GateNames)}), which only AddRollout can resolve from the container; pass gate instances in Gates.");
        }

        this.options = options;
        steps = [.. options.Steps];
        gates = [.. options.Gates];
        this.promoter = promoter;
        time = timeProvider ?? TimeProvider.System;
        this.logger = logger ?? NullLogger.Instance;
        this.telemetry = telemetry;
        Router = new TrafficRouter(options.Name, Split(steps[0].Percentage), options.Hash);
        champion = NewWindow();
        candidate = NewWindow();
        championSoFar = NewWindow();
        stepStartedAt = time.GetUtcNow();
        limitCountedFrom = stepStartedAt;
    }

    /// <summary>
    /// A canary picked up at a step judged before, with windows recorded elsewhere: what a fleet's coordinator evaluates
    /// once per round over windows merged from many hosts, or a process restarted in the middle of a canary.
    /// </summary>
    /// <remarks>
    /// The windows are the controller's from here on (do not modify them after the call); requests
    /// <see cref="Record"/>ed later are added to them. A step that asked for a decision before asks again at its next
    /// evaluation. The windows must not keep a prediction sample larger than
    /// <see cref="CanaryOptions.PredictionSampleCapacity"/> allows, which is not checked.
    /// </remarks>
    /// <param name="options">The canary; copied and validated here.</param>
    /// <param name="stepIndex">The step in force, an index into <see cref="CanaryOptions.Steps"/>.</param>
    /// <param name="stepStartedAt">When that step started.</param>
    /// <param name="limitCountedFrom">Where its maximum duration counts from: the step's start, or the time of an extension.</param>
    /// <param name="champion">The champion's requests during the step.</param>
    /// <param name="candidate">The candidate's requests during the step.</param>
    /// <param name="championSoFar">The champion's requests during the whole canary: the baseline of a last step at 100%.</param>
    /// <param name="promoter">What promotion and rollback do beyond routing; null for routing only.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">The logger; none when null.</param>
    /// <exception cref="ArgumentNullException">A window is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid (the message names the option).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The step is not one of the plan's, or its limit counts from before its start.</exception>
    public static CanaryController Resume(CanaryOptions options, int stepIndex, DateTimeOffset stepStartedAt, DateTimeOffset limitCountedFrom, CanaryWindow champion, CanaryWindow candidate, CanaryWindow championSoFar, ICanaryPromoter? promoter = null, TimeProvider? timeProvider = null, ILogger<CanaryController>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(champion);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(championSoFar);
        var controller = new CanaryController(options, promoter, timeProvider, logger, telemetry: null);
        ArgumentOutOfRangeException.ThrowIfNegative(stepIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stepIndex, controller.steps.Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(limitCountedFrom, stepStartedAt);
        controller.StepIndex = stepIndex;
        controller.Router.Update(controller.Split(controller.steps[stepIndex].Percentage));
        (controller.champion, controller.candidate, controller.championSoFar) = (champion, candidate, championSoFar);
        (controller.stepStartedAt, controller.limitCountedFrom) = (stepStartedAt, limitCountedFrom);
        return controller;
    }

    /// <summary>The canary's name.</summary>
    public string Name => options.Name;

    /// <summary>The router; its first arm is the candidate, its second the champion.</summary>
    public TrafficRouter Router { get; }

    /// <summary>The canary's state.</summary>
    public CanaryState State { get; private set; }

    /// <summary>The step in force (the last one judged once the canary has ended).</summary>
    public int StepIndex { get; private set; }

    /// <summary>The candidate's current share of keys.</summary>
    public double CandidatePercentage => Router.Arms[0].Percentage;

    /// <summary>Every judged step so far, in order.</summary>
    public IReadOnlyList<CanaryStepReport> History
    {
        get
        {
            lock (gate)
            {
                return [.. history];
            }
        }
    }

    /// <summary>The version for a request with this routing key.</summary>
    /// <exception cref="ArgumentException">The key is empty.</exception>
    public RoutingDecision Route(ReadOnlySpan<char> routingKey)
    {
        RoutingDecision decision = Router.Route(routingKey);
        telemetry?.Assignments.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Canary, options.Name), new KeyValuePair<string, object?>(TelemetryTags.Version, decision.Version));
        return decision;
    }

    /// <summary>Records the outcome of a request routed by <see cref="Route"/>; ignored once the canary has ended.</summary>
    /// <param name="decision">The routing decision of the request.</param>
    /// <param name="observation">Its outcome.</param>
    /// <exception cref="ArgumentException">The decision names neither version, the latency is negative, or a value is not finite.</exception>
    public void Record(in RoutingDecision decision, in CanaryObservation observation)
    {
        bool isCandidate = string.Equals(decision.Version, options.CandidateVersion, StringComparison.Ordinal);
        if (!isCandidate && !string.Equals(decision.Version, options.ChampionVersion, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Version '{decision.Version}' is neither the champion nor the candidate of canary '{options.Name}'.", nameof(decision));
        }

        CanaryWindow.Validate(observation);
        lock (gate)
        {
            if (State == CanaryState.Running)
            {
                if (isCandidate)
                {
                    candidate.AddValidated(observation);
                }
                else
                {
                    champion.AddValidated(observation);
                    championSoFar.AddValidated(observation);
                }
            }
        }
    }

    /// <summary>Judges the current step and acts on the verdict.</summary>
    /// <remarks>
    /// A failed gate rolls back at once. An inconclusive gate holds the step while it has fewer requests than the gate
    /// needs for a verdict (<see cref="ICanaryGate.RequiredSamples"/>, sized from the champion's window) or, with them,
    /// until the step's maximum duration; at that limit a step short of requests asks for a decision
    /// (<see cref="CanaryAction.AwaitDecision"/>) and a borderline one follows <see cref="CanaryOptions.BorderlinePolicy"/>.
    /// The step before a last step at 100% also holds, within its maximum duration, until the champion has served
    /// enough for that step's gates to decide within half of its maximum duration.
    /// </remarks>
    /// <param name="cancellationToken">Cancels waiting for another evaluation and the promoter's call.</param>
    public async ValueTask<CanaryEvaluation> EvaluateAsync(CancellationToken cancellationToken = default)
    {
        await evaluation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (State != CanaryState.Running)
            {
                return Ended();
            }

            DateTimeOffset now = time.GetUtcNow();
            TimeSpan elapsed = now - stepStartedAt;
            CanaryStep step = steps[StepIndex];
            Judgement judgement = Judge(sized: true);
            GateResult[] results = judgement.Results;
            GateResult? failed = results.FirstOrDefault(r => r.Outcome == GateOutcome.Fail);
            if (failed is not null)
            {
                return await RollBackAsync(step, now, judgement, $"gate {failed.Gate} failed: {failed.Reason}", cancellationToken).ConfigureAwait(false);
            }

            if (awaiting)
            {
                // The step asked for a decision; only a failure, or the decision, moves it on.
                return Evaluation(CanaryAction.AwaitDecision, results, $"step {StepIndex} awaits a decision: {awaitingReason}");
            }

            bool atLimit = step.MaximumDuration is TimeSpan maximum && now - limitCountedFrom >= maximum;
            if (elapsed < step.MinimumDuration || judgement.CandidateCount < step.MinimumSamples)
            {
                string progress = Invariant($"step {StepIndex} has run {elapsed} of {step.MinimumDuration} with {judgement.CandidateCount:N0} of {step.MinimumSamples:N0} candidate requests");
                return atLimit && elapsed >= step.MinimumDuration
                    ? AwaitDecision(results, $"{progress}, at its limit of {step.MaximumDuration}: too few requests for a verdict; advance, roll back or extend it")
                    : Evaluation(CanaryAction.Wait, results, progress);
            }

            int open = Array.FindIndex(results, r => r.Outcome == GateOutcome.Inconclusive);
            if (open < 0)
            {
                if (!atLimit && FinalStepShortOfChampion(elapsed) is string shortOfChampion)
                {
                    return Evaluation(CanaryAction.Hold, results, $"every gate passed, but {shortOfChampion}; the step goes on to serve the champion more");
                }

                return await AdvanceAsync(step, now, judgement, "every gate passed", cancellationToken).ConfigureAwait(false);
            }

            int lacking = Array.FindIndex(judgement.Required, r => r is long need && judgement.CandidateCount < need);
            if (lacking >= 0)
            {
                long need = judgement.Required[lacking]!.Value;
                string shortOf = Invariant($"gate {results[lacking].Gate} needs {(need == long.MaxValue ? "more requests than any traffic brings" : $"about {need:N0} candidate requests")} for a verdict at {options.Power * 100:0.#}% power and has {judgement.CandidateCount:N0}");
                if (!atLimit)
                {
                    return Evaluation(CanaryAction.Hold, results, $"{shortOf}; the step goes on{Remaining(need, judgement.CandidateCount, elapsed, now - limitCountedFrom, step)}");
                }

                return AwaitDecision(results, $"step {StepIndex} reached its limit of {step.MaximumDuration} with too few requests for a verdict: {shortOf}; advance, roll back or extend it");
            }

            GateResult borderline = results[open];
            if (!atLimit)
            {
                return Evaluation(CanaryAction.Hold, results, $"gate {borderline.Gate} is inconclusive: {borderline.Reason}");
            }

            string reason = $"step {StepIndex} stayed inconclusive past {step.MaximumDuration} with the requests its gates need: {borderline.Gate}: {borderline.Reason}";
            return options.BorderlinePolicy switch
            {
                CanaryBorderlinePolicy.Advance => await AdvanceAsync(step, now, judgement, reason + "; advanced by the borderline policy", cancellationToken).ConfigureAwait(false),
                CanaryBorderlinePolicy.AwaitDecision => AwaitDecision(results, reason + "; advance, roll back or extend it"),
                _ => await RollBackAsync(step, now, judgement, reason, cancellationToken).ConfigureAwait(false),
            };
        }
        finally
        {
            evaluation.Release();
        }
    }

    /// <summary>
    /// Acts on a decision about the running step, whatever the gates say short of a failure: the answer to
    /// <see cref="CanaryAction.AwaitDecision"/>, or an operator's call at any time. A gate that fails now rolls the
    /// canary back instead of an advance or an extension.
    /// </summary>
    /// <param name="decision">Advance (or promote after the last step), roll back, or extend the step's maximum duration from now.</param>
    /// <param name="cancellationToken">Cancels waiting for an evaluation and the promoter's call.</param>
    /// <returns>What the decision did; <see cref="CanaryAction.None"/> once the canary has ended.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="decision"/> is not a defined value.</exception>
    public async ValueTask<CanaryEvaluation> DecideAsync(CanaryDecision decision, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(decision))
        {
            throw new ArgumentOutOfRangeException(nameof(decision), decision, "Unknown canary decision.");
        }

        await evaluation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (State != CanaryState.Running)
            {
                return Ended();
            }

            DateTimeOffset now = time.GetUtcNow();
            CanaryStep step = steps[StepIndex];
            Judgement judgement = Judge(sized: false);
            awaiting = false;
            if (decision != CanaryDecision.RollBack && judgement.Results.FirstOrDefault(r => r.Outcome == GateOutcome.Fail) is { } failed)
            {
                // A failed gate rolls back whatever was decided: the decision was asked for on evidence that has since changed.
                return await RollBackAsync(step, now, judgement, $"gate {failed.Gate} failed: {failed.Reason}; the decision to {decision.ToString().ToLowerInvariant()} does not override it", cancellationToken).ConfigureAwait(false);
            }

            switch (decision)
            {
                case CanaryDecision.Advance:
                    return await AdvanceAsync(step, now, judgement, "advanced by decision", cancellationToken).ConfigureAwait(false);
                case CanaryDecision.RollBack:
                    return await RollBackAsync(step, now, judgement, "rolled back by decision", cancellationToken).ConfigureAwait(false);
                default:
                    limitCountedFrom = now;
                    return Evaluation(CanaryAction.Hold, judgement.Results, $"step {StepIndex} extended by decision: its limit of {step.MaximumDuration?.ToString() ?? "none"} counts from {now:O}");
            }
        }
        finally
        {
            evaluation.Release();
        }
    }

    /// <summary>
    /// Null unless the next step is the last at 100% and a gate could not reach a verdict there, against what the
    /// champion has served so far, within half of that step's maximum duration at the traffic of this step; then why.
    /// </summary>
    /// <remarks>
    /// At 100% the champion serves nothing more, so its evidence is fixed: a step that advances early at low traffic
    /// would leave the last step needing more candidate requests than its limit brings, or more than any traffic brings.
    /// Serving the champion longer at the current share is what shrinks that need. Half the limit, as
    /// <see cref="CanaryPlanner.Fit"/> leaves the rest for a candidate a little worse than the champion. Without a
    /// maximum duration, the need only has to be finite.
    /// </remarks>
    private string? FinalStepShortOfChampion(TimeSpan elapsed)
    {
        if (StepIndex != steps.Length - 2 || steps[^1].Percentage != 100)
        {
            return null;
        }

        lock (gate)
        {
            double perSecond = (champion.Count + candidate.Count) / Math.Max(elapsed.TotalSeconds, 1);
            double allowed = steps[^1].MaximumDuration is TimeSpan maximum ? perSecond * maximum.TotalSeconds / 2 : long.MaxValue / 2;
            var sizing = new CanarySizing(1, championSoFar.Count, options.Power);
            foreach (ICanaryGate g in gates)
            {
                if (g.RequiredSamples(championSoFar, sizing) is long need && (need == long.MaxValue || need > allowed))
                {
                    return need == long.MaxValue
                        ? Invariant($"gate {g.Name} could not reach a verdict at 100% against the {championSoFar.Count:N0} requests the champion has served")
                        : Invariant($"gate {g.Name} would need {need:N0} candidate requests at 100% against the {championSoFar.Count:N0} the champion has served, about {allowed:N0} in half the last step's limit");
                }
            }

            return null;
        }
    }

    /// <summary>The gates' verdicts on the step and, for the inconclusive ones, the requests each needs.</summary>
    private Judgement Judge(bool sized)
    {
        lock (gate)
        {
            // At 100% the champion has no traffic: the step is judged against all the champion served during the canary,
            // which at low traffic is several times what its last step alone saw.
            CanaryStep step = steps[StepIndex];
            bool fixedBaseline = step.Percentage == 100;
            CanaryWindow baseline = fixedBaseline ? championSoFar : champion;
            GateResult[] results = [.. gates.Select(g => g.Evaluate(baseline, candidate))];
            var required = new long?[gates.Length];
            if (sized)
            {
                var sizing = new CanarySizing(step.Percentage / 100, fixedBaseline ? baseline.Count : null, options.Power);
                for (int g = 0; g < gates.Length; g++)
                {
                    required[g] = results[g].Outcome == GateOutcome.Inconclusive ? gates[g].RequiredSamples(baseline, sizing) : null;
                }
            }

            return new Judgement(results, required, champion.Count, candidate.Count);
        }
    }

    private async ValueTask<CanaryEvaluation> AdvanceAsync(CanaryStep step, DateTimeOffset now, Judgement judgement, string reason, CancellationToken cancellationToken)
    {
        if (StepIndex == steps.Length - 1)
        {
            return await PromoteAsync(step, now, judgement, reason, cancellationToken).ConfigureAwait(false);
        }

        lock (gate)
        {
            history.Add(new CanaryStepReport(StepIndex, step.Percentage, stepStartedAt, now, judgement.ChampionCount, judgement.CandidateCount, judgement.Results, CanaryAction.Advance));
            StepIndex++;
            champion = NewWindow();
            candidate = NewWindow();
            stepStartedAt = now;
            limitCountedFrom = now;
        }

        Router.Update(Split(steps[StepIndex].Percentage));
        RolloutLog.CanaryAdvanced(logger, options.Name, StepIndex, steps[StepIndex].Percentage, options.CandidateVersion);
        return Evaluation(CanaryAction.Advance, judgement.Results, $"{reason}; step {StepIndex} sends {steps[StepIndex].Percentage}% to the candidate");
    }

    private CanaryEvaluation AwaitDecision(GateResult[] results, string reason)
    {
        (awaiting, awaitingReason) = (true, reason);
        RolloutLog.CanaryAwaitingDecision(logger, options.Name, StepIndex, reason);
        return Evaluation(CanaryAction.AwaitDecision, results, reason);
    }

    // How long the missing requests take at the candidate's rate so far, when the step's limit leaves room to say.
    private static string Remaining(long need, long have, TimeSpan elapsed, TimeSpan sinceLimitCounted, CanaryStep step)
    {
        if (need == long.MaxValue || have == 0 || elapsed <= TimeSpan.Zero)
        {
            return "";
        }

        // A finite need can still be far beyond any span a TimeSpan holds (a tail just inside the limit, say).
        double seconds = (double)(need - have) * elapsed.TotalSeconds / have;
        if (!(seconds < TimeSpan.MaxValue.TotalSeconds / 2))
        {
            return ", more than any traffic brings in time";
        }

        TimeSpan more = TimeSpan.FromSeconds(Math.Ceiling(seconds));
        return step.MaximumDuration is TimeSpan maximum && sinceLimitCounted + more > maximum
            ? Invariant($", though at this traffic they take about {more} more, past its limit of {maximum}")
            : Invariant($", about {more} more at this traffic");
    }

    private CanaryEvaluation Ended() => new(CanaryAction.None, State, StepIndex, CandidatePercentage, [], $"The canary has already ended ({State}).");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private async ValueTask<CanaryEvaluation> RollBackAsync(CanaryStep step, DateTimeOffset now, Judgement judgement, string reason, CancellationToken cancellationToken)
    {
        GateResult[] results = judgement.Results;
        // Traffic leaves the candidate before anything else happens.
        Router.Update(Split(0));
        CanaryOutcome outcome;
        lock (gate)
        {
            State = CanaryState.RolledBack;
            history.Add(new CanaryStepReport(StepIndex, step.Percentage, stepStartedAt, now, judgement.ChampionCount, judgement.CandidateCount, results, CanaryAction.RollBack));
            outcome = new CanaryOutcome(options.Name, options.ChampionVersion, options.CandidateVersion, State, now, reason, [.. history]);
        }

        telemetry?.Rollbacks.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Canary, options.Name));
        RolloutLog.CanaryRolledBack(logger, options.Name, options.CandidateVersion, options.ChampionVersion, reason);
        if (promoter is not null)
        {
            try
            {
                await promoter.RolledBackAsync(outcome, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                RolloutLog.RollbackNotificationFailed(logger, exception, options.Name);
            }
        }

        return Evaluation(CanaryAction.RollBack, results, reason);
    }

    private async ValueTask<CanaryEvaluation> PromoteAsync(CanaryStep step, DateTimeOffset now, Judgement judgement, string reason, CancellationToken cancellationToken)
    {
        string summary = $"{reason} at the last step";
        GateResult[] results = judgement.Results;
        var report = new CanaryStepReport(StepIndex, step.Percentage, stepStartedAt, now, judgement.ChampionCount, judgement.CandidateCount, results, CanaryAction.Promote);
        CanaryOutcome outcome;
        lock (gate)
        {
            outcome = new CanaryOutcome(options.Name, options.ChampionVersion, options.CandidateVersion, CanaryState.Promoted, now, summary, [.. history, report]);
        }

        if (promoter is not null)
        {
            try
            {
                await promoter.PromoteAsync(outcome, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                RolloutLog.PromotionFailed(logger, exception, options.Name, options.CandidateVersion);
                return Evaluation(CanaryAction.Hold, results, $"promotion failed and will be retried: {exception.Message}");
            }
        }

        lock (gate)
        {
            history.Add(report);
            State = CanaryState.Promoted;
        }

        Router.Update(Split(100));
        telemetry?.Promotions.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Canary, options.Name));
        RolloutLog.CanaryPromoted(logger, options.Name, options.CandidateVersion, options.ChampionVersion);
        return Evaluation(CanaryAction.Promote, results, summary);
    }

    /// <summary>Releases the evaluation lock; the router keeps working.</summary>
    public void Dispose() => evaluation.Dispose();

    private CanaryEvaluation Evaluation(CanaryAction action, GateResult[] results, string reason) =>
        new(action, State, StepIndex, CandidatePercentage, results, reason);

    private TrafficArm[] Split(double candidatePercentage) =>
        [new(options.CandidateVersion, candidatePercentage), new(options.ChampionVersion, 100 - candidatePercentage)];

    private CanaryWindow NewWindow() => new(options.PredictionSampleCapacity, options.Seed + windows++);

    private sealed record Judgement(GateResult[] Results, long?[] Required, long ChampionCount, long CandidateCount);
}
