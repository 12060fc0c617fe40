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
    private CanaryWindow? previousChampion;
    private DateTimeOffset stepStartedAt;
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
        stepStartedAt = time.GetUtcNow();
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

        if (observation.Latency < TimeSpan.Zero)
        {
            throw new ArgumentException($"The latency {observation.Latency} is negative.", nameof(observation));
        }

        if (observation.Prediction is double p && !double.IsFinite(p))
        {
            throw new ArgumentException($"The prediction {p} is not finite.", nameof(observation));
        }

        if (observation.BusinessValue is double v && !double.IsFinite(v))
        {
            throw new ArgumentException($"The business value {v} is not finite.", nameof(observation));
        }

        lock (gate)
        {
            if (State == CanaryState.Running)
            {
                (isCandidate ? candidate : champion).Add(observation);
            }
        }
    }

    /// <summary>Judges the current step and acts on the verdict.</summary>
    /// <param name="cancellationToken">Cancels waiting for another evaluation and the promoter's call.</param>
    public async ValueTask<CanaryEvaluation> EvaluateAsync(CancellationToken cancellationToken = default)
    {
        await evaluation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (State != CanaryState.Running)
            {
                return new CanaryEvaluation(CanaryAction.None, State, StepIndex, CandidatePercentage, [], $"The canary has already ended ({State}).");
            }

            DateTimeOffset now = time.GetUtcNow();
            TimeSpan elapsed = now - stepStartedAt;
            CanaryStep step = steps[StepIndex];
            GateResult[] results;
            long championCount, candidateCount;
            lock (gate)
            {
                // At 100% the champion has no traffic: the step is judged against its previous step's window.
                CanaryWindow baseline = step.Percentage == 100 && previousChampion is not null ? previousChampion : champion;
                results = [.. gates.Select(g => g.Evaluate(baseline, candidate))];
                (championCount, candidateCount) = (champion.Count, candidate.Count);
            }

            GateResult? failed = results.FirstOrDefault(r => r.Outcome == GateOutcome.Fail);
            if (failed is not null)
            {
                return await RollBackAsync(step, now, championCount, candidateCount, results, $"gate {failed.Gate} failed: {failed.Reason}", cancellationToken).ConfigureAwait(false);
            }

            if (elapsed < step.MinimumDuration || candidateCount < step.MinimumSamples)
            {
                return Evaluation(CanaryAction.Wait, results, $"step {StepIndex} has run {elapsed} of {step.MinimumDuration} with {candidateCount} of {step.MinimumSamples} candidate requests");
            }

            GateResult? open = results.FirstOrDefault(r => r.Outcome == GateOutcome.Inconclusive);
            if (open is not null)
            {
                if (step.MaximumDuration is TimeSpan maximum && elapsed >= maximum)
                {
                    return await RollBackAsync(step, now, championCount, candidateCount, results, $"step {StepIndex} stayed inconclusive past {maximum}: {open.Gate}: {open.Reason}", cancellationToken).ConfigureAwait(false);
                }

                return Evaluation(CanaryAction.Hold, results, $"gate {open.Gate} is inconclusive: {open.Reason}");
            }

            if (StepIndex == steps.Length - 1)
            {
                return await PromoteAsync(step, now, championCount, candidateCount, results, cancellationToken).ConfigureAwait(false);
            }

            lock (gate)
            {
                history.Add(new CanaryStepReport(StepIndex, step.Percentage, stepStartedAt, now, championCount, candidateCount, results, CanaryAction.Advance));
                StepIndex++;
                previousChampion = champion;
                champion = NewWindow();
                candidate = NewWindow();
                stepStartedAt = now;
            }

            Router.Update(Split(steps[StepIndex].Percentage));
            RolloutLog.CanaryAdvanced(logger, options.Name, StepIndex, steps[StepIndex].Percentage, options.CandidateVersion);
            return Evaluation(CanaryAction.Advance, results, $"every gate passed; step {StepIndex} sends {steps[StepIndex].Percentage}% to the candidate");
        }
        finally
        {
            evaluation.Release();
        }
    }

    private async ValueTask<CanaryEvaluation> RollBackAsync(CanaryStep step, DateTimeOffset now, long championCount, long candidateCount, GateResult[] results, string reason, CancellationToken cancellationToken)
    {
        // Traffic leaves the candidate before anything else happens.
        Router.Update(Split(0));
        CanaryOutcome outcome;
        lock (gate)
        {
            State = CanaryState.RolledBack;
            history.Add(new CanaryStepReport(StepIndex, step.Percentage, stepStartedAt, now, championCount, candidateCount, results, CanaryAction.RollBack));
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

    private async ValueTask<CanaryEvaluation> PromoteAsync(CanaryStep step, DateTimeOffset now, long championCount, long candidateCount, GateResult[] results, CancellationToken cancellationToken)
    {
        const string Reason = "every step passed every gate";
        var report = new CanaryStepReport(StepIndex, step.Percentage, stepStartedAt, now, championCount, candidateCount, results, CanaryAction.Promote);
        CanaryOutcome outcome;
        lock (gate)
        {
            outcome = new CanaryOutcome(options.Name, options.ChampionVersion, options.CandidateVersion, CanaryState.Promoted, now, Reason, [.. history, report]);
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
        return Evaluation(CanaryAction.Promote, results, Reason);
    }

    /// <summary>Releases the evaluation lock; the router keeps working.</summary>
    public void Dispose() => evaluation.Dispose();

    private CanaryEvaluation Evaluation(CanaryAction action, GateResult[] results, string reason) =>
        new(action, State, StepIndex, CandidatePercentage, results, reason);

    private TrafficArm[] Split(double candidatePercentage) =>
        [new(options.CandidateVersion, candidatePercentage), new(options.ChampionVersion, 100 - candidatePercentage)];

    private CanaryWindow NewWindow() => new(options.PredictionSampleCapacity, options.Seed + windows++);
}
