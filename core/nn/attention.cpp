#include "core/nn/attention.h"
#include "core/torch_version.h"

#include <torch/torch.h>

#include <cmath>

namespace ldm {

at::Tensor attention_chunked(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                             int64_t max_score_elements) {
  TORCH_CHECK(q.dim() == 4 && k.dim() == 4 && v.dim() == 4, "attention: expected [B, heads, N, d] tensors");
  const int64_t batch_heads = q.size(0) * q.size(1);
  const int64_t n = q.size(2), m = k.size(2);
  const double scale = 1.0 / std::sqrt(static_cast<double>(q.size(3)));
  const int64_t rows = std::max<int64_t>(1, max_score_elements / std::max<int64_t>(1, batch_heads * m));
  const bool upcast = q.scalar_type() != at::kFloat && q.scalar_type() != at::kDouble;
  at::Tensor kt = k.transpose(-1, -2);  // [B, heads, d, M]
  auto block = [&](const at::Tensor& qc) {
    at::Tensor scores = at::matmul(qc, kt).mul_(scale);  // [B, heads, n, M]; in place: one score block less
    at::Tensor probs = upcast ? at::softmax(scores, -1, at::kFloat).to(q.scalar_type()) : at::softmax(scores, -1);
    return at::matmul(probs, v);  // [B, heads, n, d]
  };
  if (rows >= n) return block(q);
  std::vector<at::Tensor> outs;
  for (int64_t start = 0; start < n; start += rows) {
    outs.push_back(block(q.narrow(2, start, std::min(rows, n - start))));
  }
  return at::cat(outs, 2);  // [B, heads, N, d]
}

at::Tensor attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v) {
#ifdef LDM_TORCH2
  return at::scaled_dot_product_attention(q, k, v);
#else
  return attention_chunked(q, k, v);
#endif
}

}  // namespace ldm
