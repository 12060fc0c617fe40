using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace MlSystems.Features;

/// <summary>
/// Software prefetch for the ingest path, which is bound by memory latency: asking for the cache lines of the next
/// events' state while the current ones are processed lets the loads overlap.
/// </summary>
internal static class CachePrefetch
{
    /// <summary>Starts loading the cache line holding <paramref name="location"/>; a no-op where the CPU offers no prefetch hint.</summary>
    /// <remarks>A hint only: should the collector move the object meanwhile, the load is merely wasted.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Line<T>(ref readonly T location)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.AsRef(in location)));
        }
    }
}
