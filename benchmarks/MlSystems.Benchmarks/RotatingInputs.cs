namespace MlSystems.Benchmarks;

/// <summary>
/// Several different inputs of the same shape, handed out in turn, so neither the branch predictor nor the
/// caches can learn one input across invocations.
/// </summary>
internal sealed class RotatingInputs
{
    private readonly double[][] inputs;
    private int next;

    public RotatingInputs(int count, int length, Func<Random, double> draw, int seed = 20261128)
    {
        var random = new Random(seed);
        inputs = new double[count][];
        for (int k = 0; k < count; k++)
        {
            inputs[k] = new double[length];
            for (int i = 0; i < length; i++)
            {
                inputs[k][i] = draw(random);
            }
        }
    }

    public double[] Next()
    {
        double[] input = inputs[next];
        next = (next + 1) % inputs.Length;
        return input;
    }

    public static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
