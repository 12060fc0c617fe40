using MlSystems.Features.Worker;

// A separate OS process for the Features cross-process tests; each role documents its arguments.
return args.Length == 0 ? Usage() : args[0] switch
{
    "write" => await ConcurrentWriter.RunAsync(args[1..]),
    "process" => await StreamProcessorRole.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: worker write|process <arguments>");
    return 2;
}
