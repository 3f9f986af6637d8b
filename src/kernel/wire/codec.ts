/**
 * The one codec for everything that crosses a thread: msgpackr with records on.
 *
 * Each link (one direction of one channel) owns an encoder/decoder pair in msgpackr's
 * sequential mode: a record structure is described the first time it crosses the link
 * and referenced by id afterwards, so the two ends share structures without a registry.
 * An epoch number travels with each batch; when the encoder restarts its structure table
 * the decoder restarts with it. `ActorRef` travels as an extension and is rebound to the
 * receiving thread's runtime.
 */
import { addExtension, Packr, Unpackr } from 'msgpackr';
import { ActorRef, type Dispatcher } from '../actor/ref.js';
import { UnencodableMessageError } from '../errors.js';

let decodeBinding: Dispatcher | null = null;

addExtension({
  Class: ActorRef,
  type: 0x54,
  write: (ref: ActorRef<unknown>) => [ref.id, ref.thread],
  read: ([id, thread]: [string, number]) => new ActorRef(id, thread, decodeBinding),
});

function refuseFunction(): never {
  throw new UnencodableMessageError('a function cannot cross a thread');
}

function createPackr(): Packr {
  return new Packr({
    sequential: true,
    useRecords: true,
    writeFunction: refuseFunction,
  } as ConstructorParameters<typeof Packr>[0]);
}

const sizer = new Packr({ useRecords: true });

/** Bytes `value` takes encoded (the measure of an actor's state-size cap). */
export function encodedSize(value: unknown): number {
  return sizer.pack(value).length;
}

export class LinkEncoder {
  private packr = createPackr();
  /** Bumped whenever the structure table restarts; travels with each batch (mod 256). */
  private resets = 0;

  get epoch(): number {
    return this.resets & 0xff;
  }

  /** Encode a value (a batch); the result is only valid until the next call. */
  encode(value: unknown): Uint8Array {
    try {
      return this.packr.pack(value);
    } catch (error) {
      this.reset();
      throw error instanceof UnencodableMessageError
        ? error
        : new UnencodableMessageError(describeError(error));
    }
  }

  /** Throw if `value` cannot be encoded, with a scratch encoder that leaves this one untouched. */
  check(value: unknown): void {
    try {
      createPackr().pack(value);
    } catch (error) {
      throw error instanceof UnencodableMessageError
        ? error
        : new UnencodableMessageError(describeError(error));
    }
  }

  reset(): void {
    this.packr = createPackr();
    this.resets++;
  }
}

export class LinkDecoder {
  private unpackr = new Unpackr({ sequential: true, useRecords: true });
  private epoch = 0;

  constructor(private readonly binding: Dispatcher | null) {}

  decode(epoch: number, bytes: Uint8Array): unknown {
    if (epoch !== this.epoch) {
      this.unpackr = new Unpackr({ sequential: true, useRecords: true });
      this.epoch = epoch;
    }
    const previous = decodeBinding;
    decodeBinding = this.binding;
    try {
      return this.unpackr.unpack(bytes);
    } finally {
      decodeBinding = previous;
    }
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
