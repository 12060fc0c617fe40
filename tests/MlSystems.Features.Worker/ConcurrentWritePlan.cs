namespace MlSystems.Features.Worker;

/// <summary>
/// What each writer process of the concurrent-write test writes, computed the same way by the writers and by the test
/// (this file is compiled into both): per round, one vector per entity at an event time no other writer uses.
/// </summary>
internal static class ConcurrentWritePlan
{
    public static readonly DateTimeOffset Start = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);

    public static readonly FeatureVectorSchema Schema = FeatureVectorSchema.Create("concurrent", 1, ["writer", "round", "ticks"]);

    public static string Entity(int entity) => $"entity-{entity}";

    /// <summary>A scrambled event time, distinct per (writer, entity, round): the low digit is the writer, so no two writers tie.</summary>
    public static long TicksOf(int writer, int entity, int round)
    {
        ulong x = ((ulong)(uint)entity << 32) ^ ((ulong)(uint)((round * 16) + writer) * 0x9E3779B97F4A7C15UL);
        x ^= x >> 33;
        x *= 0xFF51AFD7ED558CCDUL;
        x ^= x >> 33;
        return ((long)(x % 1_000_000UL) * 10) + writer;
    }

    public static double[] VectorOf(int writer, int entity, int round) => [writer, round, TicksOf(writer, entity, round)];
}
