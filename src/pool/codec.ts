/**
 * The one codec for everything that crosses a thread: msgpackr with records on.
 *
 * Each link (one direction of one channel) owns an encoder/decoder pair in msgpackr's
 * sequential mode: a record structure is described the first time it crosses the link
 * and referenced by id afterwards, so the two ends share structures without a registry.
 * `ActorRef` travels as an extension and is rebound to the receiving thread's runtime.
 */
import { Packr, Unpackr, addExtension } from 'msgpackr';
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
  return new Packr({ sequential: true, useRecords: true, writeFunction: refuseFunction } as ConstructorParameters<
    typeof Packr
  >[0]);
}

/** Encodes records for one link; `reset` starts a fresh structure table (a new receiver). */
export class LinkEncoder {
  private packr = createPackr();

  /** Encode one record; throws `UnencodableMessageError` and leaves the link usable. */
  encode(record: unknown): Uint8Array {
    try {
      return this.packr.pack(record);
    } catch (error) {
      // A half-written record may have defined a structure the receiver never sees.
      this.packr = createPackr();
      this.resetCount++;
      if (error instanceof UnencodableMessageError) throw error;
      throw new UnencodableMessageError(error instanceof Error ? error.message : String(error));
    }
  }

  /** Bumped whenever the structure table restarts; the receiver must restart too. */
  resetCount = 0;

  reset(): void {
    this.packr = createPackr();
    this.resetCount++;
  }
}

export class LinkDecoder {
  private unpackr = new Unpackr({ sequential: true, useRecords: true });
  private epoch = 0;

  constructor(private readonly binding: Dispatcher | null) {}

  decode(epoch: number, bytes: Uint8Array): unknown[] {
    if (epoch !== this.epoch) {
      this.unpackr = new Unpackr({ sequential: true, useRecords: true });
      this.epoch = epoch;
    }
    const previous = decodeBinding;
    decodeBinding = this.binding;
    try {
      return this.unpackr.unpackMultiple(bytes) as unknown[];
    } finally {
      decodeBinding = previous;
    }
  }
}
