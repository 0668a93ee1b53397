#pragma once
// Scaled dot-product attention shared by CrossAttention and AttentionBlock
// (ldm.modules.attention.CrossAttention.forward / openaimodel.QKVAttention* math).
#include <ATen/core/Tensor.h>

namespace ldm {

// softmax(q k^T / sqrt(d)) v on q [B, heads, N, d], k and v [B, heads, M, d] -> [B, heads, N, d].
// LibTorch >= 2.0: at::scaled_dot_product_attention. Otherwise attention_chunked().
at::Tensor attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v);

// The portable path: queries are processed in chunks so that at most `max_score_elements` scores
// exist at once (64x64-latent self-attention would otherwise need 4096x4096 per head). Scores of
// half-precision inputs go through a float32 softmax.
at::Tensor attention_chunked(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                             int64_t max_score_elements = int64_t(1) << 23);

}  // namespace ldm
