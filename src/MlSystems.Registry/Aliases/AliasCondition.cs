namespace MlSystems.Registry;

/// <summary>
/// The compare part of an alias compare-and-swap: what the alias must point to for the move to happen. Two hosts that
/// both read "champion = 3" and both try to move it: exactly one wins, the other gets <see cref="AliasConflictException"/>.
/// </summary>
public readonly record struct AliasCondition
{
    private AliasCondition(int kind, int version)
    {
        Kind = kind;
        ExpectedVersion = version;
    }

    /// <summary>Move whatever the alias points to (no compare).</summary>
    public static AliasCondition Any => new(0, 0);

    /// <summary>Move only if the alias is unset.</summary>
    public static AliasCondition Unset => new(1, 0);

    /// <summary>The version the alias must point to, or null for <see cref="Any"/> and <see cref="Unset"/>.</summary>
    public int? Expected => Kind == 2 ? ExpectedVersion : null;

    private int Kind { get; }

    private int ExpectedVersion { get; }

    /// <summary>Move only if the alias points to <paramref name="version"/>.</summary>
    public static AliasCondition Is(int version) => new(2, version);

    /// <summary>True when an alias currently at <paramref name="current"/> (null: unset) satisfies the condition.</summary>
    public bool IsSatisfiedBy(int? current) => Kind switch
    {
        0 => true,
        1 => current is null,
        _ => current == ExpectedVersion,
    };

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        0 => "any",
        1 => "unset",
        _ => $"version {ExpectedVersion}",
    };
}
