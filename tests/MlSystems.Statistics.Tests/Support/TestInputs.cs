namespace MlSystems.Statistics.Tests.Support;

/// <summary>Seeded inputs that mix ordinary values with the IEEE special cases kernels must get right.</summary>
internal static class TestInputs
{
    public static double[] Mixed(int length, int seed, bool specials)
    {
        var random = new Random(seed);
        double[] values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (random.Next(8)) switch
            {
                0 => random.Next(-3, 4),
                1 => random.NextDouble() * 1e6,
                2 => -random.NextDouble(),
                _ => (random.NextDouble() - 0.5) * 10,
            };
            if (specials)
            {
                int r = random.Next(40);
                values[i] = r switch
                {
                    0 => double.NaN,
                    1 => double.PositiveInfinity,
                    2 => double.NegativeInfinity,
                    3 => -0.0,
                    4 => 0.0,
                    _ => values[i],
                };
            }
        }

        return values;
    }

    public static double[] Finite(int length, int seed) => Mixed(length, seed, specials: false);
}
