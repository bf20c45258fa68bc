using System.Reflection;
using System.Text.Json;
using PersonalApp.Worker.Protocol;

namespace PersonalApp.Worker;

/// <summary>
/// A contract method as the call channel names it (<see cref="CallFrames.Signature"/>), found once per plugin and
/// signature and kept, so a call costs no reflection search: its parameter types read the arguments straight from the
/// frame's JSON array.
/// </summary>
internal sealed class ContractMethod
{
    private readonly Type[] _parameters;

    private ContractMethod(MethodInfo method)
    {
        Method = method;
        _parameters = [.. method.GetParameters().Select(p => p.ParameterType)];
    }

    public MethodInfo Method { get; }

    /// <summary>The method of <paramref name="contract"/> (or of an interface it extends) with this signature, or null.</summary>
    public static ContractMethod? Find(string signature, Type contract)
    {
        var method = contract.GetMethods()
            .Concat(contract.GetInterfaces().SelectMany(i => i.GetMethods()))
            .FirstOrDefault(m => string.Equals(CallFrames.Signature(m), signature, StringComparison.Ordinal));
        return method is null ? null : new ContractMethod(method);
    }

    /// <summary>Reads the arguments from a JSON array with one element per parameter; throws <see cref="JsonException"/> when it is not one.</summary>
    public object?[] ReadArguments(ReadOnlySpan<byte> json, JsonSerializerOptions options)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("The arguments are not a JSON array.");
        }

        var arguments = new object?[_parameters.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray)
            {
                throw new JsonException($"The call carried fewer arguments than the method's {_parameters.Length}.");
            }

            arguments[i] = JsonSerializer.Deserialize(ref reader, _parameters[i], options);
        }

        return reader.Read() && reader.TokenType == JsonTokenType.EndArray
            ? arguments
            : throw new JsonException($"The call carried more arguments than the method's {_parameters.Length}.");
    }
}
