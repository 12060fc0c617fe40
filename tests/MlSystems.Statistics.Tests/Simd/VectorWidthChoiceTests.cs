using System.Runtime.Intrinsics;
using MlSystems.Statistics.Simd;

namespace MlSystems.Statistics.Tests.Simd;

/// <summary>
/// The width the kernels pick at run time: never one the CPU does not accelerate, and the narrower one when CI switches
/// an instruction set off (so a wrong switch name in .ci/run fails here instead of testing nothing).
/// </summary>
public sealed class VectorWidthChoiceTests
{
    [Fact]
    public void Kernels_pick_the_widest_accelerated_width_the_switches_leave()
    {
        VectorWidth widest = VectorWidths.Resolve(VectorWidth.Bits512);
        Assert.Equal(
            Vector512.IsHardwareAccelerated ? VectorWidth.Bits512 : Vector256.IsHardwareAccelerated ? VectorWidth.Bits256 : Vector128.IsHardwareAccelerated ? VectorWidth.Bits128 : VectorWidth.Scalar,
            widest);
        Assert.Equal(widest == VectorWidth.Bits512 ? VectorWidth.Bits256 : widest, VectorWidths.Resolve(VectorWidth.Bits256));

        if (Environment.GetEnvironmentVariable("DOTNET_EnableAVX512") == "0")
        {
            Assert.NotEqual(VectorWidth.Bits512, widest);
        }

        if (Environment.GetEnvironmentVariable("DOTNET_EnableAVX2") == "0")
        {
            Assert.Equal(VectorWidth.Bits128, widest);
        }
    }
}
