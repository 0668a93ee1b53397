#include "core/io/pickle.h"

#include <cstring>
#include <set>

#include "core/error.h"

namespace ldm {

PyRef PyValue::get(const std::string& k) const {
  if (kind != Kind::Dict) return nullptr;
  for (const auto& kv : dict) {
    if (kv.first && kv.first->kind == Kind::Str && kv.first->s == k) return kv.second;
  }
  return nullptr;
}

namespace {

bool storage_dtype(const std::string& name, DType* out) {
  static const struct { const char* n; DType t; } kTable[] = {
      {"torch.FloatStorage", DType::F32},   {"torch.HalfStorage", DType::F16},  {"torch.BFloat16Storage", DType::BF16},
      {"torch.DoubleStorage", DType::F64},  {"torch.LongStorage", DType::I64},  {"torch.IntStorage", DType::I32},
      {"torch.ShortStorage", DType::I16},   {"torch.CharStorage", DType::I8},   {"torch.ByteStorage", DType::U8},
      {"torch.BoolStorage", DType::Bool},
      // torch >= 2 may name dtypes instead of storage classes (with UntypedStorage).
      {"torch.float32", DType::F32}, {"torch.float16", DType::F16}, {"torch.bfloat16", DType::BF16},
      {"torch.float64", DType::F64}, {"torch.int64", DType::I64},   {"torch.int32", DType::I32},
      {"torch.int16", DType::I16},   {"torch.int8", DType::I8},     {"torch.uint8", DType::U8},
      {"torch.bool", DType::Bool}};
  for (const auto& e : kTable) {
    if (name == e.n) { *out = e.t; return true; }
  }
  return false;
}

// The only globals a pickle may name: what torch.save writes for a state dict (rebuild functions,
// storage and dtype names, OrderedDict) and the data-only classes PyTorch Lightning checkpoints carry
// beside it (callback state, numpy scalars in hyper-parameters, protocol-2 bytes and sets), the same list
// as A1111's safe unpickler minus _rebuild_device_tensor_from_numpy. A strict allow-list: a deny-list
// misses the next os/subprocess/functools gadget. Of these, only the rebuild functions and the dict
// constructors are ever interpreted; the others become opaque placeholders whose calls are not made.
bool is_allowed(const std::string& module, const std::string& name) {
  static const std::set<std::string> kAllowed = {
      "collections.OrderedDict",
      "torch._utils._rebuild_tensor", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter",
      "torch._utils._rebuild_parameter_with_state",
      "torch.Size", "torch.device", "torch.nn.modules.container.ParameterDict",
      "builtins.dict", "builtins.set", "builtins.frozenset", "builtins.slice", "builtins.bytearray",
      "__builtin__.dict", "__builtin__.set", "__builtin__.frozenset", "__builtin__.slice", "__builtin__.bytearray",
      "_codecs.encode",
      "numpy.core.multiarray.scalar", "numpy.core.multiarray._reconstruct", "numpy._core.multiarray.scalar",
      "numpy._core.multiarray._reconstruct", "numpy.dtype", "numpy.ndarray",
      "pytorch_lightning.callbacks.model_checkpoint.ModelCheckpoint",
      "pytorch_lightning.callbacks.model_checkpoint"};
  const std::string full = module + "." + name;
  DType unused;
  return kAllowed.count(full) > 0 || storage_dtype(full, &unused);
}

class Unpickler {
 public:
  Unpickler(const std::string& data, const std::string& origin, const PickleLimits& limits)
      : d_(reinterpret_cast<const uint8_t*>(data.data())), n_(data.size()), origin_(origin), lim_(limits) {}

  PyRef make(PyValue::Kind k) {
    if (result_->arena.size() >= lim_.max_memo * 4) fail("too many objects");
    result_->arena.push_back(std::make_unique<PyValue>());
    PyValue* v = result_->arena.back().get();
    v->kind = k;
    return v;
  }

  std::unique_ptr<PickleResult> take_result() { return std::move(result_); }

  PyRef run() {
    uint64_t ops = 0;
    while (true) {
      if (++ops > lim_.max_ops) fail("too many operations");
      const uint8_t op = u8();
      switch (op) {
        case 0x80: u8(); break;                    // PROTO
        case 0x95: bytes(8); break;                // FRAME: length only
        case '.': {                                // STOP
          if (stack_.empty()) fail("STOP with an empty stack");
          return pop();
        }
        case '(': marks_.push_back(stack_.size()); break;  // MARK
        case '}': push(make(PyValue::Kind::Dict)); break;
        case ']': push(make(PyValue::Kind::List)); break;
        case ')': push(make(PyValue::Kind::Tuple)); break;
        case 0x8f: push(make(PyValue::Kind::List)); break;  // EMPTY_SET (as a list)
        case 'N': push(make(PyValue::Kind::None)); break;
        case 0x88: case 0x89: {                            // NEWTRUE / NEWFALSE
          auto v = make(PyValue::Kind::Bool);
          v->b = op == 0x88;
          push(v);
          break;
        }
        case 'J': push_int(static_cast<int32_t>(le(4))); break;
        case 'K': push_int(static_cast<int64_t>(le(1))); break;
        case 'M': push_int(static_cast<int64_t>(le(2))); break;
        case 0x8a: push_int(long_bytes(u8())); break;        // LONG1
        case 0x8b: {                                         // LONG4
          const uint64_t len = le(4);
          push_int(long_bytes(len));
          break;
        }
        case 'I': case 'L': {                                // INT / LONG (text)
          std::string line = read_line();
          if (!line.empty() && line.back() == 'L') line.pop_back();
          if (line == "00") { push_bool(false); break; }
          if (line == "01") { push_bool(true); break; }
          try { push_int(std::stoll(line)); } catch (...) { fail("bad integer literal"); }
          break;
        }
        case 'G': {                                          // BINFLOAT (big-endian)
          const uint8_t* p = bytes(8);
          uint64_t bits = 0;
          for (int i = 0; i < 8; ++i) bits = (bits << 8) | p[i];
          auto v = make(PyValue::Kind::Float);
          std::memcpy(&v->f, &bits, 8);
          push(v);
          break;
        }
        case 'F': {
          auto v = make(PyValue::Kind::Float);
          try { v->f = std::stod(read_line()); } catch (...) { fail("bad float literal"); }
          push(v);
          break;
        }
        case 'X': push_str(PyValue::Kind::Str, le(4)); break;        // BINUNICODE
        case 0x8c: push_str(PyValue::Kind::Str, u8()); break;        // SHORT_BINUNICODE
        case 0x8d: push_str(PyValue::Kind::Str, le(8)); break;       // BINUNICODE8
        case 'T': push_str(PyValue::Kind::Str, le(4)); break;        // BINSTRING
        case 'U': push_str(PyValue::Kind::Str, u8()); break;         // SHORT_BINSTRING
        case 'B': push_str(PyValue::Kind::Bytes, le(4)); break;      // BINBYTES
        case 'C': push_str(PyValue::Kind::Bytes, u8()); break;       // SHORT_BINBYTES
        case 0x8e: push_str(PyValue::Kind::Bytes, le(8)); break;     // BINBYTES8
        case 'V': case 'S': {                                        // UNICODE / STRING (text)
          auto v = make(PyValue::Kind::Str);
          v->s = read_line();
          push(v);
          break;
        }
        case 'q': memo_put(le(1)); break;                            // BINPUT
        case 'r': memo_put(le(4)); break;                            // LONG_BINPUT
        case 'p': memo_put(parse_index(read_line())); break;         // PUT
        case 0x94: memo_put(memo_.size()); break;                    // MEMOIZE
        case 'h': push(memo_get(le(1))); break;                      // BINGET
        case 'j': push(memo_get(le(4))); break;                      // LONG_BINGET
        case 'g': push(memo_get(parse_index(read_line()))); break;   // GET
        case '0': pop(); break;                                      // POP
        case '1': pop_mark(); break;                                 // POP_MARK
        case '2': push(top()); break;                                // DUP
        case 't': {                                                  // TUPLE
          auto v = make(PyValue::Kind::Tuple);
          v->items = pop_mark();
          push(v);
          break;
        }
        case 0x85: case 0x86: case 0x87: {                           // TUPLE1..3
          const size_t k = op - 0x84;
          auto v = make(PyValue::Kind::Tuple);
          if (stack_.size() < k) fail("stack underflow");
          v->items.assign(stack_.end() - static_cast<long>(k), stack_.end());
          stack_.resize(stack_.size() - k);
          push(v);
          break;
        }
        case 'l': {                                                  // LIST
          auto v = make(PyValue::Kind::List);
          v->items = pop_mark();
          push(v);
          break;
        }
        case 'd': {                                                  // DICT
          auto items = pop_mark();
          auto v = make(PyValue::Kind::Dict);
          add_pairs(v, items);
          push(v);
          break;
        }
        case 'a': {                                                  // APPEND
          PyRef x = pop();
          append(top(), {x});
          break;
        }
        case 'e': case 0x90: {                                       // APPENDS / ADDITEMS
          auto items = pop_mark();
          append(top(), items);
          break;
        }
        case 0x91: {                                                 // FROZENSET
          auto v = make(PyValue::Kind::List);
          v->items = pop_mark();
          push(v);
          break;
        }
        case 's': {                                                  // SETITEM
          PyRef value = pop();
          PyRef key = pop();
          PyRef d = top();
          if (d->is(PyValue::Kind::Dict)) {
            add_pairs(d, {key, value});
          } else if (!d->is(PyValue::Kind::Opaque)) {
            fail("SETITEM on a non-dict");
          }
          break;
        }
        case 'u': {                                                  // SETITEMS
          auto items = pop_mark();
          PyRef d = top();
          if (d->is(PyValue::Kind::Dict)) {
            add_pairs(d, items);
          } else if (!d->is(PyValue::Kind::Opaque)) {
            fail("SETITEMS on a non-dict");
          }
          break;
        }
        case 'c': {                                                  // GLOBAL
          std::string module = read_line();
          std::string name = read_line();
          push(global(module, name));
          break;
        }
        case 0x93: {                                                 // STACK_GLOBAL
          PyRef name = pop();
          PyRef module = pop();
          if (!name->is(PyValue::Kind::Str) || !module->is(PyValue::Kind::Str)) fail("STACK_GLOBAL needs two strings");
          push(global(module->s, name->s));
          break;
        }
        case 'Q': push(persistent_load(pop())); break;               // BINPERSID
        case 'R': {                                                  // REDUCE
          PyRef args = pop();
          PyRef callable = pop();
          push(reduce(callable, args));
          break;
        }
        case 0x81: {                                                 // NEWOBJ
          PyRef args = pop();
          PyRef cls = pop();
          push(reduce(cls, args));
          break;
        }
        case 0x92: {                                                 // NEWOBJ_EX
          pop();
          PyRef args = pop();
          PyRef cls = pop();
          push(reduce(cls, args));
          break;
        }
        case 'b': pop(); break;                                      // BUILD: state ignored (never __setstate__)
        case 'o': {                                                  // OBJ: class + args after a mark
          auto items = pop_mark();
          if (items.empty()) fail("OBJ without a class");
          check_callable(items[0]);
          push(opaque(items[0]->s));
          break;
        }
        case 'i': {                                                  // INST
          std::string module = read_line();
          std::string name = read_line();
          pop_mark();
          push(global(module, name));
          break;
        }
        default: {
          char buf[8];
          std::snprintf(buf, sizeof buf, "0x%02x", op);
          fail(std::string("unsupported pickle opcode ") + buf);
        }
      }
    }
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw LoadError(origin_ + ": cannot read the checkpoint's pickle at byte " + std::to_string(pos_) + ": " + what);
  }

  uint8_t u8() {
    if (pos_ >= n_) fail("unexpected end of data (truncated?)");
    return d_[pos_++];
  }
  const uint8_t* bytes(uint64_t k) {
    if (k > n_ - pos_) fail("unexpected end of data (truncated?)");
    const uint8_t* p = d_ + pos_;
    pos_ += static_cast<size_t>(k);
    return p;
  }
  uint64_t le(int k) {
    const uint8_t* p = bytes(static_cast<uint64_t>(k));
    uint64_t v = 0;
    for (int i = k - 1; i >= 0; --i) v = (v << 8) | p[i];
    return v;
  }
  int64_t long_bytes(uint64_t k) {
    if (k == 0) return 0;
    if (k > 8) fail("integer wider than 64 bits");
    const uint8_t* p = bytes(k);
    uint64_t v = 0;
    for (int i = static_cast<int>(k) - 1; i >= 0; --i) v = (v << 8) | p[i];
    if (k < 8 && (p[k - 1] & 0x80)) v |= ~0ull << (8 * k);  // sign extend
    return static_cast<int64_t>(v);
  }
  std::string read_line() {
    const size_t start = pos_;
    while (true) {
      if (pos_ >= n_) fail("unterminated text line");
      if (d_[pos_++] == '\n') break;
      if (pos_ - start > 4096) fail("text line too long");
    }
    return std::string(reinterpret_cast<const char*>(d_ + start), pos_ - start - 1);
  }
  size_t parse_index(const std::string& s) {
    try {
      return static_cast<size_t>(std::stoull(s));
    } catch (...) {
      fail("bad memo index");
    }
  }

  void push(PyRef v) {
    if (stack_.size() >= lim_.max_stack) fail("stack too deep");
    stack_.push_back(v);
  }
  void push_int(int64_t x) {
    auto v = make(PyValue::Kind::Int);
    v->i = x;
    push(v);
  }
  void push_bool(bool x) {
    auto v = make(PyValue::Kind::Bool);
    v->b = x;
    push(v);
  }
  void push_str(PyValue::Kind kind, uint64_t len) {
    const uint8_t* p = bytes(len);
    auto v = make(kind);
    v->s.assign(reinterpret_cast<const char*>(p), static_cast<size_t>(len));
    push(v);
  }
  PyRef pop() {
    if (stack_.empty() || (!marks_.empty() && stack_.size() <= marks_.back())) fail("stack underflow");
    PyRef v = stack_.back();
    stack_.pop_back();
    return v;
  }
  PyRef top() {
    if (stack_.empty()) fail("stack underflow");
    return stack_.back();
  }
  std::vector<PyRef> pop_mark() {
    if (marks_.empty()) fail("no MARK on the stack");
    const size_t m = marks_.back();
    marks_.pop_back();
    if (m > stack_.size()) fail("corrupt MARK");
    std::vector<PyRef> items(stack_.begin() + static_cast<long>(m), stack_.end());
    stack_.resize(m);
    return items;
  }
  void memo_put(size_t idx) {
    if (idx >= lim_.max_memo) fail("memo index too large");
    if (idx >= memo_.size()) memo_.resize(idx + 1);
    memo_[idx] = top();
  }
  PyRef memo_get(size_t idx) {
    if (idx >= memo_.size() || !memo_[idx]) fail("memo index " + std::to_string(idx) + " not set");
    return memo_[idx];
  }
  void append(const PyRef& target, const std::vector<PyRef>& items) {
    if (target->is(PyValue::Kind::Opaque)) return;
    if (!target->is(PyValue::Kind::List)) fail("APPEND on a non-list");
    if (target->items.size() + items.size() > lim_.max_container) fail("list too large");
    target->items.insert(target->items.end(), items.begin(), items.end());
  }
  void add_pairs(const PyRef& d, const std::vector<PyRef>& items) {
    if (items.size() % 2 != 0) fail("odd number of dict items");
    if (d->dict.size() + items.size() / 2 > lim_.max_container) fail("dict too large");
    for (size_t i = 0; i < items.size(); i += 2) {
      // Python semantics: a repeated key replaces the value.
      bool replaced = false;
      if (items[i]->is(PyValue::Kind::Str)) {
        for (auto& kv : d->dict) {
          if (kv.first->is(PyValue::Kind::Str) && kv.first->s == items[i]->s) {
            kv.second = items[i + 1];
            replaced = true;
            break;
          }
        }
      }
      if (!replaced) d->dict.emplace_back(items[i], items[i + 1]);
    }
  }

  PyRef opaque(const std::string& what) {
    auto v = make(PyValue::Kind::Opaque);
    v->s = what;
    return v;
  }

  PyRef global(const std::string& module, const std::string& name) {
    if (!is_allowed(module, name)) {
      throw LoadError(origin_ + ": refusing to load: its pickle references " + module + "." + name +
                      ", which is not one of the globals a checkpoint needs (the file may be malicious)");
    }
    auto v = make(PyValue::Kind::Global);
    v->s = module + "." + name;
    return v;
  }

  void check_callable(const PyRef& c) {
    if (!c->is(PyValue::Kind::Global) && !c->is(PyValue::Kind::Opaque)) fail("call of a non-callable value");
  }

  PyRef persistent_load(const PyRef& pid) {
    // ('storage', storage_type, key, location, numel)
    if (!pid->is(PyValue::Kind::Tuple) || pid->items.size() < 5 || !pid->items[0]->is(PyValue::Kind::Str) ||
        pid->items[0]->s != "storage") {
      fail("unsupported persistent id");
    }
    const PyRef& type = pid->items[1];
    const PyRef& key = pid->items[2];
    const PyRef& numel = pid->items[4];
    auto v = make(PyValue::Kind::Storage);
    if (!type->is(PyValue::Kind::Global) || !storage_dtype(type->s, &v->dtype)) {
      fail("unsupported storage type " + (type->is(PyValue::Kind::Global) ? type->s : std::string("?")));
    }
    if (!key->is(PyValue::Kind::Str) || !numel->is(PyValue::Kind::Int) || numel->i < 0) fail("malformed storage reference");
    v->key = key->s;
    v->numel = numel->i;
    return v;
  }

  std::vector<int64_t> int_tuple(const PyRef& t, const char* what) {
    if (!t->is(PyValue::Kind::Tuple) && !t->is(PyValue::Kind::List)) fail(std::string("tensor ") + what + " is not a tuple");
    if (t->items.size() > 16) fail(std::string("tensor ") + what + " has too many dimensions");
    std::vector<int64_t> out;
    for (const auto& x : t->items) {
      if (!x->is(PyValue::Kind::Int) || x->i < 0) fail(std::string("tensor ") + what + " has a bad entry");
      out.push_back(x->i);
    }
    return out;
  }

  PyRef reduce(const PyRef& callable, const PyRef& args) {
    check_callable(callable);
    if (callable->is(PyValue::Kind::Opaque)) return opaque(callable->s);
    const std::string& name = callable->s;
    if (!args->is(PyValue::Kind::Tuple)) {
      if (args->is(PyValue::Kind::Opaque) || args->is(PyValue::Kind::None)) return opaque(name);
      fail("call arguments are not a tuple");
    }
    const auto& a = args->items;
    if (name == "torch._utils._rebuild_tensor_v2" || name == "torch._utils._rebuild_tensor") {
      if (a.size() < 4 || !a[0]->is(PyValue::Kind::Storage) || !a[1]->is(PyValue::Kind::Int)) fail("malformed tensor");
      auto t = make(PyValue::Kind::Tensor);
      t->storage = a[0];
      t->storage_offset = a[1]->i;
      t->sizes = int_tuple(a[2], "size");
      t->strides = int_tuple(a[3], "stride");
      if (t->sizes.size() != t->strides.size()) fail("tensor size and stride ranks differ");
      if (t->storage_offset < 0) fail("negative storage offset");
      return t;
    }
    if (name == "torch._utils._rebuild_parameter" || name == "torch._utils._rebuild_parameter_with_state") {
      if (a.empty() || !a[0]->is(PyValue::Kind::Tensor)) fail("malformed parameter");
      return a[0];
    }
    if (name == "collections.OrderedDict" || name == "builtins.dict" || name == "__builtin__.dict") {
      auto d = make(PyValue::Kind::Dict);
      if (!a.empty() && (a[0]->is(PyValue::Kind::List) || a[0]->is(PyValue::Kind::Tuple))) {
        for (const auto& pair : a[0]->items) {
          if ((pair->is(PyValue::Kind::Tuple) || pair->is(PyValue::Kind::List)) && pair->items.size() == 2) {
            add_pairs(d, {pair->items[0], pair->items[1]});
          }
        }
      }
      return d;
    }
    // Everything else (Lightning callbacks, numpy scalars, argparse.Namespace, ...) is not needed
    // for inference: keep a placeholder and do not call it.
    return opaque(name);
  }

  std::unique_ptr<PickleResult> result_ = std::make_unique<PickleResult>();
  const uint8_t* d_;
  size_t n_;
  size_t pos_ = 0;
  std::string origin_;
  PickleLimits lim_;
  std::vector<PyRef> stack_;
  std::vector<size_t> marks_;
  std::vector<PyRef> memo_;
};

}  // namespace

std::unique_ptr<PickleResult> unpickle(const std::string& data, const std::string& origin, const PickleLimits& limits) {
  Unpickler u(data, origin, limits);
  PyRef root = u.run();
  auto result = u.take_result();
  result->root = root;
  return result;
}

}  // namespace ldm
