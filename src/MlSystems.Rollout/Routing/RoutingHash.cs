namespace MlSystems.Rollout;

/// <summary>How a routing key becomes a stable bucket in [0, 100].</summary>
public enum RoutingHash
{
    /// <summary>
    /// Microsoft.FeatureManagement's targeting buckets, bit for bit: SHA-256 of the UTF-8 bytes of
    /// "routingKey\nname", the first 4 bytes read little-endian as an unsigned integer, divided by
    /// <see cref="uint.MaxValue"/> and multiplied by 100. A service migrating from a targeting filter keeps every user's
    /// assignment. The default.
    /// </summary>
    FeatureManagement,

    /// <summary>
    /// XXH3 (System.IO.Hashing) of the key's UTF-16 bytes, seeded by the name: several times faster, equally stable
    /// across processes, machines and .NET versions, but different buckets from <see cref="FeatureManagement"/>.
    /// </summary>
    XxHash,
}
