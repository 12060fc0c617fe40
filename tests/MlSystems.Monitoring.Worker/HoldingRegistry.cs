using System.Reflection;
using MlSystems.Registry;

namespace MlSystems.Monitoring.Worker;

/// <summary>
/// A registry that, before its first alias move, prints "moving" and waits for a line on standard input: the moment
/// between a coordinator's promoting revision and its alias move, where a test kills it (or wakes it to go on).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1852:Seal internal types", Justification = "DispatchProxy derives its proxy type from this class at run time.")]
internal class HoldingRegistry : DispatchProxy
{
    private IModelRegistry inner = null!;
    private bool held;

    public static IModelRegistry Wrap(IModelRegistry inner)
    {
        IModelRegistry proxy = Create<IModelRegistry, HoldingRegistry>();
        ((HoldingRegistry)(object)proxy).inner = inner;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod!.Name == nameof(IModelRegistry.SetAliasAsync) && !held)
        {
            held = true;
            Console.WriteLine("moving");
            Console.Out.Flush();
            _ = Console.ReadLine();
        }

        try
        {
            return targetMethod.Invoke(inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }
}
