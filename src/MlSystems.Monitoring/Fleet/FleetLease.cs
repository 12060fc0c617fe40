namespace MlSystems.Monitoring;

/// <summary>
/// The right to act for one model across the fleet (run its checks, write its plan), held by one coordinator at a time.
/// </summary>
/// <param name="ModelName">The model the lease is for.</param>
/// <param name="Holder">Who holds it: unique per coordinator process.</param>
/// <param name="Token">
/// The fencing token: it grows with every change of holder (and every acquisition after an expiry), and a store refuses a
/// plan write under a token that is no longer the current one. So a coordinator that paused past its lease and was
/// replaced cannot change the plan, whatever its clock says. The store fences plan writes only: an action elsewhere (an
/// alias move in the registry) must itself be conditional (the registry's compare-and-set on the alias) or follow a
/// fenced plan revision that records it.
/// </param>
/// <param name="ExpiresAt">When the lease lapses unless renewed, in UTC, by the clock of the host that took or renewed
/// it. A lapsed lease still fences until another holder takes it: until then nobody else has acted.</param>
public sealed record FleetLease(string ModelName, string Holder, long Token, DateTimeOffset ExpiresAt);
