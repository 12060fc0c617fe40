namespace MlSystems.Statistics.Ecdf;

/// <summary>
/// One of the independent merge walks that <see cref="EcdfWalk"/> interleaves: a segment of the merged order, its
/// position (i, j), the integer gap i·n₂ − j·n₁, the extremes of the gap and how many positions reach each.
/// </summary>
internal struct MergeCursor
{
    public int I;
    public int J;
    public int Remaining;
    public long Gap;
    public long Max;
    public long Min;
    public int MaxCount;
    public int MinCount;
    public bool Overflowed;

    public MergeCursor(int i, int j, int end, long n1, long n2)
    {
        I = i;
        J = j;
        Remaining = end - (i + j);
        Gap = (i * n2) - (j * n1);
        Max = long.MinValue;
        Min = long.MaxValue;
        MaxCount = 0;
        MinCount = 0;
        Overflowed = false;
    }
}
