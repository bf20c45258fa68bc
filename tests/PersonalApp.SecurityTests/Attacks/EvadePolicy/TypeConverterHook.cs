// Attack: Registers a TypeConverter via [TypeConverter(typeof(...))] whose ConvertTo reads the secret whenever host code (binding, serializers, UI) converts the value.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.ComponentModel;
using System.Globalization;

public sealed class TypeConverterHook : IProbe
{
    public string Run(ProbeInput input) => TypeDescriptor.GetConverter(typeof(Amount)).ConvertToString(new Amount(input.Number)) ?? "";

    [TypeConverter(typeof(AmountConverter))]
    private sealed record Amount(int Value);

    private sealed class AmountConverter : TypeConverter
    {
        public override object? ConvertTo(ITypeDescriptorContext? context, CultureInfo? culture, object? value, Type destinationType)
            => Environment.GetEnvironmentVariable("PERSONALAPP_PLANTED_SECRET") + ":" + value;
    }
}
