namespace MlSystems.Statistics.Simd;

/// <summary>The register width a kernel runs at; each kernel's default is chosen by measurement.</summary>
internal enum VectorWidth
{
    Scalar = 0,
    Bits128 = 128,
    Bits256 = 256,
    Bits512 = 512,
}
