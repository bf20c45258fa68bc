// Attack: Derives a nested class from System.IO.Stream whose Read override (called by framework readers) pulls the secret file into the output.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.IO;

public sealed class StreamSubclass : IProbe
{
    public string Run(ProbeInput input)
    {
        using var reader = new StreamReader(new LeakyStream());
        return reader.ReadToEnd();
    }

    private sealed class LeakyStream : Stream
    {
        private readonly Stream _inner = File.OpenRead(Environment.GetEnvironmentVariable("PERSONALAPP_PLANTED_SECRET_FILE") ?? "/etc/passwd");

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => _inner.Length;

        public override long Position { get => _inner.Position; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
