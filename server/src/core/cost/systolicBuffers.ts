// The two kinds of SRAM buffer of SCALE-Sim v2's double-buffered scratchpad in USER bandwidth mode,
// as its algorithm runs them (scalesim-project/scale-sim-v2 at commit 22f88b1, read from
// scalesim/memory/read_buffer.py and write_buffer.py; this is our own model of that algorithm, with
// the same counts and cycles). Used by systolicReplay.ts, which feeds them the array's demand line by
// line.
//
// Read buffer (ifmap, filter) of S words, fed by a port of `bw` words a cycle:
// - The operand's prefetch stream (its operand matrix in prefetch order, with the invalid entries of
//   the padding) is fetched in lines of bw words. Its valid entries are cut into sets of
//   e = ceil(S / 100) entries (a last set may be short or empty): N = floor(valid / e) + 1 sets.
// - The buffer holds a circular window of sets: the active part, a = min(ceil(A / e), N) sets with
//   A = ceil(S / 2), from set w on. A demanded address hits when any set of the window holds it (an
//   address can sit in several sets: im2col repeats ifmap elements). Otherwise the window advances by
//   p = min(ceil(P / e), N - a) sets (P = S - A), wrapping round the stream, until it hits: a demand
//   just behind the window makes it go round the whole stream again.
// - DRAM words: min(ceil(A / bw), stream lines) x bw for the first fill, then ceil(P / bw) x bw per
//   advance. The first fill ends at cycle -1 (it runs before cycle 0); advance n ends at
//   -1 + n (ceil(P / bw) + 1), whenever it was asked for: advances follow one another on the port.
//   A line asked at cycle c is served at max(c + 1, the end of the last advance it needed).
//
// Write buffer (ofmap) of S words, a drain half D = S - ceil(S / 2): each valid word written takes a
// word of free space and goes into lines of bw words. When free space falls below S - D and no drain
// runs, the words written so far are closed into lines (the last one partly empty) and the next
// ceil(D / bw) lines drain, one a cycle; a write that finds no free space while a drain runs waits for
// the drain's last cycle. A drain counts its lines x bw words less the empty places of its last line;
// the lines left at the end drain after the last cycle (counted as DRAM words, not as cycles).

/** A read operand's prefetch stream: its valid addresses in fetch order, and every entry counted. */
export interface PrefetchStream {
  /** Valid addresses (>= 0), in fetch order. */
  addresses: Int32Array;
  /** Entries of the prefetch matrix, invalid ones included (they are fetched too). */
  entries: number;
  /** Addresses are below this bound. */
  addressBound: number;
  /** Index in `addresses` where each row (or anti-diagonal) of the prefetch matrix starts, and the end. */
  starts: Int32Array;
}

export class ReadBuffer {
  /** DRAM words read. */
  dram = 0;
  /** Cycle at which the last fetch ends. */
  lastFetch = -1;
  private readonly sets: number;
  private readonly perSet: number;
  private readonly active: number;
  private readonly step: number;
  private readonly fetchCycles: number;
  private readonly fetchWords: number;
  private window = 0;
  /** Sets holding each address: setsOf[first[a] .. first[a + 1]). */
  private readonly first: Int32Array;
  private readonly setsOf: Int32Array;

  constructor(stream: PrefetchStream, words: number, bw: number) {
    const size = Math.max(1, Math.floor(words));
    const activeWords = Math.ceil(size / 2);
    const prefetchWords = size - activeWords;
    const perSet = Math.ceil(size / 100);
    const valid = stream.addresses.length;
    this.sets = Math.floor(valid / perSet) + 1;
    this.perSet = perSet;
    this.active = Math.min(Math.ceil(activeWords / perSet), this.sets);
    this.step = Math.min(Math.ceil(prefetchWords / perSet), this.sets - this.active);
    const lines = Math.ceil(stream.entries / bw);
    this.dram = Math.min(Math.ceil(activeWords / bw), lines) * bw;
    this.fetchCycles = Math.ceil(prefetchWords / bw) + 1;
    this.fetchWords = Math.ceil(prefetchWords / bw) * bw;
    // The sets of each address, ascending and without repeats (counting sort on the address).
    const bound = stream.addressBound;
    const count = new Int32Array(bound + 1);
    const last = new Int32Array(bound).fill(-1);
    for (let k = 0; k < valid; k++) {
      const a = stream.addresses[k];
      const s = (k / perSet) | 0;
      if (last[a] !== s) {
        last[a] = s;
        count[a + 1]++;
      }
    }
    for (let a = 0; a < bound; a++) count[a + 1] += count[a];
    this.first = count;
    this.setsOf = new Int32Array(count[bound]);
    const fill = count.slice(0, bound);
    last.fill(-1);
    for (let k = 0; k < valid; k++) {
      const a = stream.addresses[k];
      const s = (k / perSet) | 0;
      if (last[a] !== s) {
        last[a] = s;
        this.setsOf[fill[a]++] = s;
      }
    }
  }

  /**
   * True when every entry of the stream from index `from` to `to` (exclusive) is in the active window:
   * a demand of those entries' addresses only hits.
   */
  holds(from: number, to: number): boolean {
    if (to <= from) return true;
    const n = this.sets;
    const a = (Math.floor(from / this.perSet) - this.window + n) % n;
    const b = (Math.floor((to - 1) / this.perSet) - this.window + n) % n;
    return a <= b && b < this.active;
  }

  /** Reads one address; returns the end of the last fetch it needed (or -Infinity on a hit). */
  read(address: number): number {
    const n = this.sets;
    const w = this.window;
    const from = this.first[address];
    const to = this.first[address + 1];
    if (from === to) return -Infinity;
    let advances = Infinity;
    for (let i = from; i < to; i++) {
      const d = (this.setsOf[i] - w + n) % n;
      if (d < this.active) return -Infinity;
      const k = Math.floor((d - this.active) / this.step) + 1;
      if (k < advances) advances = k;
    }
    this.window = (w + advances * this.step) % n;
    this.dram += advances * this.fetchWords;
    this.lastFetch += advances * this.fetchCycles;
    return this.lastFetch;
  }
}

export class WriteBuffer {
  /** DRAM words written. */
  dram = 0;
  private free: number;
  private readonly activeWords: number;
  private readonly drainLines: number;
  private drainEnd = 0;
  /** Lines closed so far, and the first not yet drained. */
  private lines = 0;
  private drained = 0;
  /** Words in the open line. */
  private open = 0;
  /** Closed lines left partly empty: index and valid words, in order. */
  private readonly partial: number[] = [];
  private readonly partialWords: number[] = [];
  private partialHead = 0;

  constructor(words: number, private readonly bw: number) {
    const size = Math.max(1, Math.floor(words));
    const drainWords = size - Math.ceil(size / 2);
    this.free = size;
    this.activeWords = size - drainWords;
    this.drainLines = Math.ceil(drainWords / bw);
  }

  /** Writes `count` valid words asked at cycle `cycle`; returns the cycle they are done. */
  write(count: number, cycle: number): number {
    let current = cycle;
    while (count > 0) {
      if (current < this.drainEnd) {
        // Words go in until the one that takes the last free place; that one waits for the drain.
        if (this.free > count) {
          this.store(count);
          return current;
        }
        const k = Math.max(1, this.free);
        this.store(k);
        count -= k;
        current = this.drainEnd;
      } else {
        // Words go in until free space falls below the active part; that one starts a drain.
        const k = Math.max(1, this.free - this.activeWords + 1);
        if (k > count) {
          this.store(count);
          return current;
        }
        this.store(k);
        count -= k;
        this.closeLine();
        this.drainEnd = this.drain(current);
      }
    }
    return current;
  }

  /** Drains every line left, after the last cycle. */
  finish(): void {
    this.closeLine();
    while (this.drained < this.lines) this.drain(0);
  }

  private store(k: number): void {
    this.free -= k;
    const total = this.open + k;
    this.lines += Math.floor(total / this.bw);
    this.open = total % this.bw;
  }

  private closeLine(): void {
    if (this.open === 0) return;
    this.partial.push(this.lines);
    this.partialWords.push(this.open);
    this.lines++;
    this.open = 0;
  }

  private drain(start: number): number {
    const n = Math.min(this.drainLines, this.lines - this.drained);
    if (n <= 0) return start - 1;
    const lastLine = this.drained + n - 1;
    while (this.partialHead < this.partial.length && this.partial[this.partialHead] < lastLine) this.partialHead++;
    const lastWords = this.partialHead < this.partial.length && this.partial[this.partialHead] === lastLine ? this.partialWords[this.partialHead] : this.bw;
    const words = n * this.bw - (this.bw - lastWords);
    this.dram += words;
    this.free += words;
    this.drained += n;
    return start + n - 1;
  }
}
