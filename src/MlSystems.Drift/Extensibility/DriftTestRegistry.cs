namespace MlSystems.Drift;

/// <summary>
/// The drift tests the report can run, by name and feature kind: the built-in ones (<c>ks</c>, <c>psi</c>,
/// <c>wasserstein</c>, <c>jensen-shannon</c>, <c>hellinger</c> for numbers; <c>chi-squared</c>, <c>z</c>,
/// <c>jensen-shannon</c>, <c>hellinger</c>, <c>l-infinity</c>, <c>psi</c> for categories) and any registered.
/// </summary>
public sealed class DriftTestRegistry
{
    private readonly Dictionary<(string, FeatureKind), IDriftTest> tests = [];

    /// <summary>Creates a registry holding the built-in tests.</summary>
    public DriftTestRegistry()
    {
        foreach (IDriftTest test in BuiltInTests.All())
        {
            tests[(test.Name, test.Kind)] = test;
        }
    }

    /// <summary>Every registered test.</summary>
    public IReadOnlyCollection<IDriftTest> Tests => tests.Values;

    /// <summary>Adds a test, or replaces the one with the same name and kind (a built-in included).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="test"/> is null.</exception>
    /// <exception cref="ArgumentException">The test's name is empty or white space, or its kind is undefined.</exception>
    public DriftTestRegistry Register(IDriftTest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        if (string.IsNullOrWhiteSpace(test.Name))
        {
            throw new ArgumentException("A drift test needs a name.", nameof(test));
        }

        if (!Enum.IsDefined(test.Kind))
        {
            throw new ArgumentException($"Test '{test.Name}' has an undefined kind {test.Kind}.", nameof(test));
        }

        tests[(test.Name, test.Kind)] = test;
        return this;
    }

    /// <summary>The test named <paramref name="name"/> for <paramref name="kind"/> features.</summary>
    /// <exception cref="ArgumentException">No such test is registered; the message lists the ones that are.</exception>
    public IDriftTest Get(string name, FeatureKind kind) =>
        tests.TryGetValue((name, kind), out IDriftTest? test)
            ? test
            : throw new ArgumentException($"No {kind} drift test named '{name}'. Registered: {string.Join(", ", tests.Keys.Where(k => k.Item2 == kind).Select(k => k.Item1).Order(StringComparer.Ordinal))}.", nameof(name));

    /// <summary>True when a test named <paramref name="name"/> exists for <paramref name="kind"/>.</summary>
    public bool Contains(string name, FeatureKind kind) => tests.ContainsKey((name, kind));

    /// <summary>Whether a test of this name, of either kind, decides by a p-value (<see cref="IDriftTest.YieldsPValue"/>); false for a name not registered.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public bool YieldsPValue(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return tests.Values.Any(t => t.YieldsPValue && string.Equals(t.Name, name, StringComparison.Ordinal));
    }
}
